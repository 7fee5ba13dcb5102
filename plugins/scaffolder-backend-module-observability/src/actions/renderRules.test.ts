import type { JsonObject } from '@backstage/types';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parse } from 'yaml';
import { exampleInputs, testConfig } from '../__testUtils__/actionTestKit';
import { exampleEntityInput } from './exampleEntity';
import { createRenderRulesAction } from './renderRules';
import { examples } from './renderRules.examples';

/*
 * The rules are rendered by the backend's own renderer and checked by Debian's promtool, which
 * `make test` installs; the written test file is run with `promtool test rules` here.
 */

const run = promisify(execFile);
const action = createRenderRulesAction({ config: testConfig });
let workspace: string;
beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'rules-action-'));
});
afterEach(() => rm(workspace, { recursive: true, force: true }));

async function render(input: JsonObject, isDryRun = false) {
  const ctx = {
    ...createMockActionContext({ input, workspacePath: workspace }),
    isDryRun,
  };
  await action.handler(ctx as never);
  return Object.fromEntries(
    (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
  ) as {
    ruleFile: string;
    testFile?: string;
    alerts: number;
    instance: string;
    tests: string[];
  };
}

describe('observability:rules:render', () => {
  it.each(exampleInputs(examples, 'observability:rules:render'))(
    'runs its example, and its rules pass their own promtool tests: $description',
    async ({ input }) => {
      const out = await render(input);
      const folder = (input.targetPath as string | undefined) ?? 'rules';
      expect(out.ruleFile).toBe(`${folder}/component-default-orders.rules.yml`);
      expect(out.testFile).toBe(
        `${folder}/component-default-orders.rules.test.yml`,
      );
      expect(out.instance).toBe('demo');
      const rules = parse(
        await readFile(join(workspace, out.ruleFile), 'utf8'),
      );
      expect(rules.groups[0].name).toBe('backstage:component:default/orders');
      // error ratio, latency, target down; a page and a ticket alert for the SLO
      expect(out.alerts).toBe(5);
      const result = await run('promtool', ['test', 'rules', out.testFile!], {
        cwd: workspace,
      });
      expect(result.stdout).toContain('SUCCESS');
    },
    60_000,
  );

  it('writes the same files in a dry run', async () => {
    const out = await render(exampleEntityInput, true);
    expect((await readdir(join(workspace, 'rules'))).sort()).toEqual([
      'component-default-orders.rules.test.yml',
      'component-default-orders.rules.yml',
    ]);
    expect(out.tests).toHaveLength(4);
  });

  it('refuses a path outside the workspace', async () => {
    await expect(
      render({ ...exampleEntityInput, targetPath: '../elsewhere' }),
    ).rejects.toThrow(/outside/);
  });

  it('refuses annotations the backend would refuse, naming the annotation', async () => {
    await expect(
      render({
        ...exampleEntityInput,
        annotations: {
          ...exampleEntityInput.annotations,
          'observability/slos':
            '- name: availability\n  objective: 100%\n  sli: availability',
        },
      }),
    ).rejects.toThrow(
      /observability\/slos: SLO 'availability' objective: must be a percentage/,
    );
    await expect(
      render({
        ...exampleEntityInput,
        annotations: { 'observability/prometheus-selector': '{job=~".*"}' },
      }),
    ).rejects.toThrow(/observability\/prometheus-selector is malformed/);
    await expect(
      render({ ...exampleEntityInput, name: 'Not A Name' }),
    ).rejects.toThrow(/^input\.name/);
    expect(await readdir(workspace)).toEqual([]);
  });
});
