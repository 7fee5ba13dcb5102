import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  freePort,
  GitHttpServer,
  startGitHttpServer,
} from '@internal/demo-stack';
import { parse } from 'yaml';
import { scaffolderModuleObservabilityDemo } from './demoScaffolderModule';
import { createPublishLocalGitAction } from './publishLocalGitAction';

const run = promisify(execFile);
const repoRoot = resolve(__dirname, '../../../..');
const readConfig = (file: string) =>
  parse(readFileSync(join(repoRoot, file), 'utf8')) as JsonObject;

/** The actions the module adds, with a stand-in scaffolder that only offers the extension point. */
async function registeredActions(config: JsonObject): Promise<string[]> {
  const actions: TemplateAction[] = [];
  const scaffolder = createBackendPlugin({
    pluginId: 'scaffolder',
    register(env) {
      env.registerExtensionPoint(scaffolderActionsExtensionPoint, {
        addActions: (...added: TemplateAction[]) => {
          actions.push(...added);
        },
      });
      env.registerInit({ deps: {}, async init() {} });
    },
  });
  const backend = await startTestBackend({
    features: [
      scaffolder,
      scaffolderModuleObservabilityDemo,
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  await backend.stop();
  return actions.map(a => a.id);
}

describe('the demo scaffolder module', () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  it('adds the publish and deploy steps with app-config.yaml in development', async () => {
    process.env.NODE_ENV = 'development';
    expect(await registeredActions(readConfig('app-config.yaml'))).toEqual([
      'demo:publish:local-git',
      'demo:deploy:local',
    ]);
  });

  it('adds nothing with app-config.production.yaml, which also loads no demo template and reads no demo host', async () => {
    process.env.NODE_ENV = 'development';
    const base = readConfig('app-config.yaml') as any;
    const production = readConfig('app-config.production.yaml') as any;
    const merged = {
      ...base,
      auth: { ...base.auth, ...production.auth },
      backend: { ...base.backend, ...production.backend },
      catalog: { ...base.catalog, ...production.catalog },
    };
    expect(await registeredActions(merged)).toEqual([]);
    const targets = merged.catalog.locations.map(
      (l: { target: string }) => l.target,
    );
    expect(targets.join()).not.toContain('templates/service-with-monitoring');
    expect(merged.backend.reading.allow).toEqual([]);
    // Under NODE_ENV=production too, whatever the config says.
    process.env.NODE_ENV = 'production';
    expect(await registeredActions(base)).toEqual([]);
  });
});

describe('demo:publish:local-git', () => {
  let tmp: string;
  let server: GitHttpServer;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'demo-publish-'));
    server = await startGitHttpServer({
      root: join(tmp, 'git'),
      port: await freePort(),
    });
  });
  afterAll(async () => {
    await server.close();
    await rm(tmp, { recursive: true, force: true });
  });

  const action = () =>
    createPublishLocalGitAction({
      config: { gitServerUrl: server.url, runDir: tmp },
    });
  async function publish(workspace: string, repoName: string) {
    const ctx = createMockActionContext({
      input: { repoName },
      workspacePath: workspace,
    });
    await action().handler(ctx as never);
    return Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
  }

  it("pushes the workspace with scaffolder-node's initRepoAndPush, and the catalog URL serves catalog-info.yaml", async () => {
    const workspace = await mkdtemp(join(tmp, 'ws-'));
    await writeFile(join(workspace, 'catalog-info.yaml'), 'kind: Component\n');
    await writeFile(join(workspace, 'README.md'), '# orders\n');
    const out = await publish(workspace, 'orders');
    expect(out.remoteUrl).toBe(`${server.url}/orders.git`);
    expect(out.catalogInfoUrl).toBe(
      `${server.url}/orders.git/raw/main/catalog-info.yaml`,
    );
    const res = await fetch(out.catalogInfoUrl);
    expect(await res.text()).toBe('kind: Component\n');
    const clone = join(tmp, 'clone');
    await run('git', ['clone', '-q', out.remoteUrl, clone]);
    expect(await readFile(join(clone, 'README.md'), 'utf8')).toBe('# orders\n');
    const log = await run('git', ['log', '--format=%s'], { cwd: clone });
    expect(log.stdout.trim()).toBe(
      'Create orders from the service-with-monitoring template',
    );
  });

  it('refuses a name that is taken, and one that is not a repository name', async () => {
    const workspace = await mkdtemp(join(tmp, 'ws-'));
    await writeFile(join(workspace, 'x'), 'x');
    await publish(workspace, 'taken');
    await expect(publish(workspace, 'taken')).rejects.toThrow(
      /A repository taken already exists/,
    );
    await expect(publish(workspace, '../etc')).rejects.toThrow(
      /^input\.repoName/,
    );
  });

  it('says the demo stack is not running when the git server does not answer', async () => {
    const dead = createPublishLocalGitAction({
      config: {
        gitServerUrl: `http://127.0.0.1:${await freePort()}`,
        runDir: tmp,
      },
    });
    const ctx = createMockActionContext({
      input: { repoName: 'orders' },
      workspacePath: tmp,
    });
    await expect(dead.handler(ctx as never)).rejects.toThrow(
      /does not answer.*make start/,
    );
  });
});
