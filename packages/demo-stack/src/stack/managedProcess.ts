import { spawn } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

export interface ManagedProcess {
  name: string;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * Starts a long-running process in its own process group with output in `<runDir>/<name>.log`
 * and its pid in `<runDir>/<name>.pid`, so `make stop` can end it (and its children) later
 * even from another shell.
 */
export function startManagedProcess(options: {
  name: string;
  command: string;
  args: string[];
  runDir: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}): ManagedProcess {
  mkdirSync(options.runDir, { recursive: true });
  const logFile = path.join(options.runDir, `${options.name}.log`);
  const out = openSync(logFile, 'a');
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  if (child.pid === undefined) {
    throw new Error(`Could not start ${options.name} (${options.command})`);
  }
  child.unref();
  const pidFile = path.join(options.runDir, `${options.name}.pid`);
  writeFileSync(pidFile, String(child.pid));
  const pid = child.pid;
  return {
    name: options.name,
    pid,
    logFile,
    stop: async () => {
      await stopProcessGroup(pid);
      rmSync(pidFile, { force: true });
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM the group, wait up to `graceMs`, then SIGKILL what is left. */
export async function stopProcessGroup(
  pid: number,
  graceMs = 10_000,
): Promise<void> {
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  signalGroup('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  if (isAlive(pid)) {
    signalGroup('SIGKILL');
  }
}

/** Stops every process whose pid file is in `runDir`; returns the names it stopped. */
export async function stopAllInRunDir(
  runDir: string,
  names: string[],
): Promise<string[]> {
  const stopped: string[] = [];
  for (const name of names) {
    const pidFile = path.join(runDir, `${name}.pid`);
    let pid: number;
    try {
      pid = Number(readFileSync(pidFile, 'utf8').trim());
    } catch {
      continue;
    }
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
      await stopProcessGroup(pid);
      stopped.push(name);
    }
    rmSync(pidFile, { force: true });
  }
  return stopped;
}

/** Polls `url` until it answers 2xx, or fails with the last lines of the process's log. */
export async function waitForHttp(
  url: string,
  options: { timeoutMs?: number; process?: ManagedProcess } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let lastError = '';
  while (Date.now() < deadline) {
    if (options.process && !isAlive(options.process.pid)) {
      break;
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) {
        return;
      }
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = String(error);
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  let tail = '';
  if (options.process) {
    try {
      tail = readFileSync(options.process.logFile, 'utf8')
        .split('\n')
        .slice(-20)
        .join('\n');
    } catch {
      // no log yet
    }
  }
  const logPart = tail
    ? `\n--- last lines of ${options.process?.logFile} ---\n${tail}`
    : '';
  throw new Error(
    `${
      options.process?.name ?? url
    } did not become ready at ${url} (${lastError})${logPart}`,
  );
}
