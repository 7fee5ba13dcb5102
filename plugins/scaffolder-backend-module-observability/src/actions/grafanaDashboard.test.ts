import type { JsonObject } from '@backstage/types';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { exampleInputs, testConfig } from '../__testUtils__/actionTestKit';
import { exampleEntityInput } from './exampleEntity';
import { createGrafanaDashboardAction } from './grafanaDashboard';
import { examples } from './grafanaDashboard.examples';

const action = createGrafanaDashboardAction({ config: testConfig });
let workspace: string;
beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'dashboard-action-'));
});
afterEach(() => rm(workspace, { recursive: true, force: true }));

async function write(input: JsonObject, isDryRun = false) {
  const ctx = {
    ...createMockActionContext({ input, workspacePath: workspace }),
    isDryRun,
  };
  await action.handler(ctx as never);
  return Object.fromEntries(
    (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
  ) as { dashboardFile: string; uid: string; panels: number };
}

describe('observability:dashboard:grafana', () => {
  it.each(exampleInputs(examples, 'observability:dashboard:grafana'))(
    'runs its example: $description',
    async ({ input }) => {
      const out = await write(input);
      expect(out.dashboardFile).toBe('dashboards/grafana.json');
      const model = JSON.parse(
        await readFile(join(workspace, out.dashboardFile), 'utf8'),
      );
      expect(model.uid).toBe(out.uid);
      expect(model.title).toBe('orders · golden signals and SLOs');
      expect(model.panels).toHaveLength(out.panels);
      const exprs: string[] = model.panels.flatMap(
        (p: { targets?: Array<{ expr: string }> }) =>
          (p.targets ?? []).map(t => t.expr),
      );
      for (const expr of exprs) expect(expr).toContain('job="orders"');
      expect(model.panels.map((p: { title: string }) => p.title)).toContain(
        'availability: error budget left (30d)',
      );
    },
  );

  it('writes the same dashboard in a dry run, at the path asked for', async () => {
    const out = await write(
      { ...exampleEntityInput, targetPath: 'ops/orders.json' },
      true,
    );
    expect(out.dashboardFile).toBe('ops/orders.json');
    const model = JSON.parse(
      await readFile(join(workspace, 'ops/orders.json'), 'utf8'),
    );
    expect(model.uid).toBe((await write(exampleEntityInput)).uid);
  });

  it('refuses bad input, naming the field or annotation', async () => {
    await expect(
      write({ ...exampleEntityInput, targetPath: '/etc/grafana.json' }),
    ).rejects.toThrow(/outside/);
    await expect(
      write({
        ...exampleEntityInput,
        annotations: { 'observability/profile': 'prom-client-http' },
      }),
    ).rejects.toThrow(/no observability\/prometheus-selector annotation/);
  });
});
