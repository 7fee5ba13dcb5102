import { spawn } from 'node:child_process';

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/**
 * The environment git runs with here: the caller's, minus every `GIT_*` variable, so a test run
 * from inside a git hook (GIT_DIR, GIT_INDEX_FILE, …) cannot redirect git to another repository,
 * and with prompts off so a clone that needs credentials fails instead of hanging.
 */
export function gitEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('GIT_')) {
      env[key] = value;
    }
  }
  return { ...env, GIT_TERMINAL_PROMPT: '0', ...extra };
}

/** Runs the git CLI and collects its output; never throws for a non-zero exit (callers decide). */
export function runGit(
  args: string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      env: gitEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', chunk => stdout.push(chunk));
    child.stderr.on('data', chunk => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', code =>
      resolve({
        code: code ?? -1,
        stdout: Buffer.concat(stdout),
        stderr: Buffer.concat(stderr).toString('utf8'),
      }),
    );
  });
}

/** Like `runGit`, but fails with git's own message when git does. */
export async function runGitOrThrow(
  args: string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<Buffer> {
  const result = await runGit(args, options);
  if (result.code !== 0) {
    throw new Error(
      `git ${args.join(' ')} failed (exit ${
        result.code
      }): ${result.stderr.trim()}`,
    );
  }
  return result.stdout;
}
