import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/*
 * The duplicate-rule lint is off: ruleGroupProblems makes the same check (same name, same
 * labels) on the group as delivered, and promtoolCheckFile's reduced files would trip it. A
 * promtool older than the flag (before Prometheus 2.33) says `unknown long flag '--lint'`; that
 * binary is then run without it, from then on.
 */
const withoutLintFlag = new Set<string>();

async function runPromtool(
  promtool: string,
  files: string[],
  timeout: number,
): Promise<{ stdout: string; stderr: string }> {
  const lint = withoutLintFlag.has(promtool) ? [] : ['--lint=none'];
  try {
    return await run(promtool, ['check', 'rules', ...lint, ...files], {
      timeout,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr ?? '';
    if (lint.length > 0 && /unknown long flag '--lint'/.test(stderr)) {
      withoutLintFlag.add(promtool);
      return runPromtool(promtool, files, timeout);
    }
    throw e;
  }
}

/** @public */
export type PromtoolResult =
  | { status: 'passed' }
  | { status: 'failed'; message: string }
  /** promtool is not installed (or not configured): the plugin's own checks still ran. */
  | { status: 'unavailable' };

/**
 * `promtool check rules` on a rule file, where promtool is installed: Prometheus' own parser and
 * template checks, the last word before a file is delivered. promtool 2.42 reads no stdin, so
 * the file goes through a private temporary folder.
 *
 * @public
 */
export async function promtoolCheckRules(
  yaml: string,
  promtool: string | undefined = 'promtool',
): Promise<PromtoolResult> {
  if (!promtool) return { status: 'unavailable' };
  const dir = await mkdtemp(join(tmpdir(), 'observability-rules-'));
  const file = join(dir, 'rules.yml');
  try {
    await writeFile(file, yaml, { mode: 0o600 });
    await runPromtool(promtool, [file], 30_000);
    return { status: 'passed' };
  } catch (e) {
    const error = e as NodeJS.ErrnoException & {
      stderr?: string;
      stdout?: string;
    };
    if (error.code === 'ENOENT') return { status: 'unavailable' };
    const output = `${error.stderr ?? ''}${error.stdout ?? ''}`
      .split('\n')
      .map(line => line.replace(file, 'rules.yml').trim())
      .filter(line => line && !/^(Checking|FAILED:)/.test(line))
      .join('\n');
    return { status: 'failed', message: output || error.message };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * `promtool check rules` on many rule files in ONE run (one process for a thousand entities
 * instead of a thousand): promtool checks every file it is given and prints `SUCCESS` per good
 * file on stdout, and each bad file's errors on stderr prefixed with its path.
 *
 * @public
 */
export async function promtoolCheckRuleFiles(
  files: ReadonlyArray<{ key: string; yaml: string }>,
  promtool: string | undefined = 'promtool',
): Promise<Map<string, PromtoolResult>> {
  const results = new Map<string, PromtoolResult>();
  if (files.length === 0) return results;
  if (!promtool) {
    for (const f of files) results.set(f.key, { status: 'unavailable' });
    return results;
  }
  const dir = await mkdtemp(join(tmpdir(), 'observability-rules-'));
  try {
    const paths = files.map((_, i) => join(dir, `${i}.yml`));
    await Promise.all(
      files.map((f, i) => writeFile(paths[i], f.yaml, { mode: 0o600 })),
    );
    let stdout = '';
    let stderr = '';
    try {
      ({ stdout, stderr } = await runPromtool(promtool, paths, 120_000));
    } catch (e) {
      const error = e as NodeJS.ErrnoException & {
        stderr?: string;
        stdout?: string;
      };
      if (error.code === 'ENOENT') {
        for (const f of files) results.set(f.key, { status: 'unavailable' });
        return results;
      }
      stdout = error.stdout ?? '';
      stderr = error.stderr ?? '';
      if (!stdout && !stderr) throw e;
    }
    const passed = new Set<string>();
    let current: string | undefined;
    for (const line of stdout.split('\n')) {
      const checking = /^Checking (.+)$/.exec(line);
      if (checking) current = checking[1];
      else if (current && /^\s*SUCCESS:/.test(line)) passed.add(current);
    }
    files.forEach((f, i) => {
      const path = paths[i];
      if (passed.has(path)) {
        results.set(f.key, { status: 'passed' });
        return;
      }
      const message = stderr
        .split('\n')
        .filter(line => line.startsWith(`${path}:`))
        .map(line => `rules.yml${line.slice(path.length)}`.trim())
        .join('\n');
      results.set(f.key, {
        status: 'failed',
        message: message || 'promtool did not accept the file',
      });
    });
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
