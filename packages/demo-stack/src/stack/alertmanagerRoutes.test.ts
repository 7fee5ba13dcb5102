import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RunningDemoStack, startDemoStack } from './demoStack';
import { freePort } from './freePort';

// The demo stack as `make start` runs it, on free ports: its Alertmanager loads the per-team
// routes rendered by the portal (config/alertmanager.yml), and amtool, asking that running
// Alertmanager for its config (no --config.file), routes a payments alert to team-payments'
// receiver and on to the portal. Debian's prometheus-alertmanager package brings amtool 0.25.
jest.setTimeout(90_000);

describe('the running demo Alertmanager routes by owning team', () => {
  let runDir: string;
  let stack: RunningDemoStack | undefined;

  beforeAll(async () => {
    runDir = mkdtempSync(path.join(os.tmpdir(), 'demo-stack-routes-'));
    stack = await startDemoStack({
      runDir,
      prometheusPort: await freePort(),
      alertmanagerPort: await freePort(),
      services: [{ name: 'checkout', port: await freePort() }],
      scrapeInterval: '1s',
    });
  });
  afterAll(async () => {
    await stack?.stop();
    rmSync(runDir, { recursive: true, force: true });
  });

  const routesTest = (receivers: string, ...labels: string[]) =>
    spawnSync(
      process.env.AMTOOL ?? 'amtool',
      [
        'config',
        'routes',
        'test',
        `--alertmanager.url=${stack!.alertmanagerUrl}`,
        `--verify.receivers=${receivers}`,
        ...labels,
      ],
      { encoding: 'utf8' },
    );

  it("sends a payments alert to team-payments' receiver and to the portal", () => {
    const result = routesTest(
      'team-payments,backstage',
      'owner=group:default/team-payments',
      'severity=page',
    );
    expect(result.stdout.trim()).toBe('team-payments,backstage');
    expect(result.status).toBe(0);
  });

  it('sends alerts of every demo team to its receiver, and others to the portal only', () => {
    for (const team of ['team-checkout', 'team-platform']) {
      const result = routesTest(
        `${team},backstage`,
        `owner=group:default/${team}`,
      );
      expect(result.stdout.trim()).toBe(`${team},backstage`);
    }
    const unowned = routesTest('backstage', 'alertname=Watchdog');
    expect(unowned.stdout.trim()).toBe('backstage');
    expect(unowned.status).toBe(0);
  });

  it("takes the teams' notifications at the demo service's no-op /alert-sink", async () => {
    const { port } = stack!.services[0];
    const sink = `http://127.0.0.1:${port}/alert-sink?receiver=team-payments`;
    const res = await fetch(sink, { method: 'POST', body: '{"alerts":[]}' });
    expect(res.status).toBe(204);
    const metrics = await (
      await fetch(`http://127.0.0.1:${port}/metrics`)
    ).text();
    expect(metrics).not.toContain('alert-sink');
  });

  it("gives Prometheus the portal's rule directory", () => {
    expect(existsSync(path.join(runDir, 'rules', 'portal'))).toBe(true);
  });
});
