import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './backendReplica';

/**
 * The figures a scale run measured, merged into test-results/scale/<suite>.json (printed too);
 * test/bench/results/ keeps the copies quoted in notes.
 */
export function recordFigures(suite: string, figures: Record<string, unknown>) {
  const dir = path.join(repoRoot, 'test-results', 'scale');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${suite}.json`);
  let current: Record<string, unknown> = {};
  try {
    current = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // first figure of this run
  }
  const merged = {
    ...current,
    ...figures,
    recordedAt: new Date().toISOString(),
  };
  writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
  process.stdout.write(`${suite}: ${JSON.stringify(figures)}\n`);
}
