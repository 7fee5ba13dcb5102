import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { findBinary } from './binaries';
import { configDir } from './renderConfig';

// The real promtool from Debian's prometheus package validates the demo rules and runs the
// synthetic-series tests in config/rule-tests (an error burst fires, background noise does not).
describe('demo alert rules', () => {
  const promtool = findBinary('promtool');
  const run = (...args: string[]) =>
    spawnSync(promtool, args, { cwd: configDir, encoding: 'utf8' });

  it('pass promtool check rules', () => {
    const result = run('check', 'rules', path.join('rules', 'demo-alerts.yml'));
    expect(result.stdout + result.stderr).toContain('SUCCESS: 1 rules found');
    expect(result.status).toBe(0);
  });

  it('fire on an error burst and stay quiet on background errors (promtool test rules)', () => {
    const result = run(
      'test',
      'rules',
      path.join('rule-tests', 'demo-alerts.test.yml'),
    );
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });
});
