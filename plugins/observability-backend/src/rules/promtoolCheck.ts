import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type PromtoolResult =
  | { status: 'passed' }
  | { status: 'failed'; message: string }
  /** promtool is not installed (or not configured): the plugin's own checks still ran. */
  | { status: 'unavailable' };

/**
 * `promtool check rules` on a rule file, where promtool is installed: Prometheus' own parser and
 * template checks, the last word before a file is delivered. promtool 2.42 reads no stdin, so
 * the file goes through a private temporary folder.
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
    await run(promtool, ['check', 'rules', file], {
      timeout: 30_000,
      maxBuffer: 16 * 1024 * 1024,
    });
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
