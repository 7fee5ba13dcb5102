import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  commitAndPush,
  initAndPush,
} from '../gitServer/__testUtils__/isomorphicPush';
import { eventually } from '../stack/eventually';
import { freePort } from '../stack/freePort';
import { packageDir } from '../stack/renderConfig';
import {
  RunningDemoStack,
  startDemoStack,
  stopDemoStack,
} from '../stack/demoStack';
import {
  deployService,
  listDeployments,
  undeployService,
} from './deployService';

// The whole path with real processes: the fixture service is pushed to the demo git server (as
// the scaffolder would), deployed (clone, tsc, run, traffic) and scraped by Debian's Prometheus
// through file service discovery. Free ports; a temporary run directory inside the monorepo's
// .run/, because a deployment resolves its dependencies from the monorepo's node_modules.
jest.setTimeout(60_000);

const repoRoot = path.resolve(packageDir, '..', '..');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const pidOf = (runDir: string, name: string) =>
  Number(readFileSync(path.join(runDir, `${name}.pid`), 'utf8'));

async function getJson(url: string): Promise<any> {
  const res = await fetch(url);
  if (!res.ok) {
    throw new Error(`${url}: HTTP ${res.status}`);
  }
  return res.json();
}

describe('deployService', () => {
  let runDir: string;
  let work: string;
  let stack: RunningDemoStack | undefined;
  let gitUrl: string;
  let servicePort: number;
  const name = 'hello-svc';

  beforeAll(async () => {
    mkdirSync(path.join(repoRoot, '.run'), { recursive: true });
    runDir = mkdtempSync(path.join(repoRoot, '.run', 'deploy-test-'));
    work = mkdtempSync(path.join(os.tmpdir(), 'deploy-test-work-'));
    cpSync(path.join(__dirname, '__fixtures__', 'service'), work, {
      recursive: true,
    });
    stack = await startDemoStack({
      runDir,
      prometheusPort: await freePort(),
      gitServerPort: await freePort(),
      services: [],
      scrapeInterval: '1s',
    });
    gitUrl = `${stack.gitServerUrl}/${name}.git`;
    await initAndPush({ dir: work, remoteUrl: gitUrl });
    servicePort = await freePort();
  });

  afterAll(async () => {
    await stack?.stop();
    if (runDir) {
      await stopDemoStack(runDir);
      rmSync(runDir, { recursive: true, force: true });
    }
    rmSync(work, { recursive: true, force: true });
  });

  it('deploys from the git server: ready, a file-SD target, and scraped as its own job', async () => {
    const deployed = await deployService({
      runDir,
      gitUrl,
      name,
      port: servicePort,
    });
    expect(deployed.url).toBe(`http://127.0.0.1:${servicePort}`);
    expect(deployed.metricsUrl).toBe(`${deployed.url}/metrics`);
    expect(existsSync(deployed.logFile)).toBe(true);
    expect(await getJson(`${deployed.url}/api/hello?name=x`)).toEqual({
      message: 'Hello, x',
    });
    expect(await getJson(`${deployed.url}/`)).toEqual({ service: name });

    expect(
      JSON.parse(
        readFileSync(path.join(runDir, 'file-sd', `${name}.json`), 'utf8'),
      ),
    ).toEqual([
      {
        targets: [`127.0.0.1:${servicePort}`],
        labels: { job: name, namespace: 'scaffolded' },
      },
    ]);
    expect(listDeployments(runDir)).toEqual([
      {
        name,
        port: servicePort,
        gitUrl,
        namespace: 'scaffolded',
        deployedAt: expect.any(String),
      },
    ]);

    // The file's job label wins over the scrape job's name, and the traffic process's requests
    // show up in the service's own counter.
    const served = await eventually(async () => {
      const body = await getJson(
        `${stack!.prometheusUrl}/api/v1/query?query=${encodeURIComponent(
          `sum(http_requests_total{job="${name}", namespace="scaffolded"})`,
        )}`,
      );
      const value = Number(body.data.result[0]?.value[1] ?? 0);
      return value > 0 ? value : undefined;
    }, 20_000);
    expect(served).toBeGreaterThan(0);
    const up = await getJson(
      `${stack!.prometheusUrl}/api/v1/query?query=${encodeURIComponent(
        `up{namespace="scaffolded"}`,
      )}`,
    );
    expect(up.data.result).toEqual([
      expect.objectContaining({
        metric: {
          __name__: 'up',
          instance: `127.0.0.1:${servicePort}`,
          job: name,
          namespace: 'scaffolded',
        },
        value: [expect.any(Number), '1'],
      }),
    ]);
  });

  it('replaces the previous deployment on a second deploy of the same name', async () => {
    const oldService = pidOf(runDir, `deploy-${name}`);
    const oldTraffic = pidOf(runDir, `traffic-${name}`);
    const source = path.join(work, 'src', 'main.ts');
    writeFileSync(
      source,
      readFileSync(source, 'utf8').replace(
        "const greeting = 'Hello';",
        "const greeting = 'Hi';",
      ),
    );
    await commitAndPush({ dir: work, message: 'Say hi' });

    // Same port: only works when the old one is stopped before the port is checked.
    const deployed = await deployService({
      runDir,
      gitUrl,
      name,
      port: servicePort,
    });
    expect(isAlive(oldService)).toBe(false);
    expect(isAlive(oldTraffic)).toBe(false);
    expect(isAlive(pidOf(runDir, `deploy-${name}`))).toBe(true);
    expect(await getJson(`${deployed.url}/api/hello?name=x`)).toEqual({
      message: 'Hi, x',
    });
    expect(listDeployments(runDir)).toHaveLength(1);
  });

  it('refuses a port in use, an invalid port and an invalid name, with clear errors', async () => {
    const blocker = net.createServer();
    const busyPort = await freePort();
    await new Promise<void>(resolve =>
      blocker.listen(busyPort, '127.0.0.1', resolve),
    );
    try {
      await expect(
        deployService({ runDir, gitUrl, name: 'other-svc', port: busyPort }),
      ).rejects.toThrow(
        `Port ${busyPort} is already in use: choose another port for other-svc`,
      );
    } finally {
      await new Promise(resolve => blocker.close(resolve));
    }
    await expect(
      deployService({ runDir, gitUrl, name: 'other-svc', port: 80 }),
    ).rejects.toThrow('Invalid port 80');
    await expect(
      deployService({ runDir, gitUrl, name: '../etc', port: busyPort }),
    ).rejects.toThrow("Invalid service name '../etc'");
    expect(listDeployments(runDir).map(d => d.name)).toEqual([name]);
  });

  it('is stopped with the stack and comes back on the next start without cloning again', async () => {
    const service = pidOf(runDir, `deploy-${name}`);
    const traffic = pidOf(runDir, `traffic-${name}`);
    await stack!.stop();
    const stopped = await stopDemoStack(runDir);
    expect(stopped).toEqual(
      expect.arrayContaining([`deploy-${name}`, `traffic-${name}`]),
    );
    expect(isAlive(service)).toBe(false);
    expect(isAlive(traffic)).toBe(false);
    await expect(fetch(`http://127.0.0.1:${servicePort}/`)).rejects.toThrow();

    // A recorded deployment whose checkout is gone must not keep the stack from starting.
    writeFileSync(
      path.join(runDir, 'deployments', 'ghost-svc.json'),
      JSON.stringify({
        name: 'ghost-svc',
        port: await freePort(),
        gitUrl,
        namespace: 'scaffolded',
        deployedAt: new Date().toISOString(),
      }),
    );
    const warnings: string[] = [];
    // No git server this time: the deployment can only come back from its checkout.
    stack = await startDemoStack({
      runDir,
      prometheusPort: await freePort(),
      services: [],
      scrapeInterval: '1s',
      logger: { info: () => {}, warn: message => warnings.push(message) },
    });
    expect(warnings).toEqual([
      expect.stringMatching(
        /^Skipped deployment ghost-svc: its checkout .* is gone$/,
      ),
    ]);
    expect(
      await getJson(`http://127.0.0.1:${servicePort}/api/hello?name=x`),
    ).toEqual({ message: 'Hi, x' });
    expect(isAlive(pidOf(runDir, `traffic-${name}`))).toBe(true);
    expect(existsSync(path.join(runDir, 'file-sd', `${name}.json`))).toBe(true);
  });

  it('undeploys: processes stopped, target, record and checkout gone, and not restarted', async () => {
    const service = pidOf(runDir, `deploy-${name}`);
    const traffic = pidOf(runDir, `traffic-${name}`);
    expect(await undeployService(runDir, name)).toBe(true);
    expect(isAlive(service)).toBe(false);
    expect(isAlive(traffic)).toBe(false);
    expect(existsSync(path.join(runDir, 'file-sd', `${name}.json`))).toBe(
      false,
    );
    expect(existsSync(path.join(runDir, 'deployments', name))).toBe(false);
    expect(listDeployments(runDir).map(d => d.name)).toEqual(['ghost-svc']);
    expect(await undeployService(runDir, name)).toBe(false);
    await expect(undeployService(runDir, '../etc')).rejects.toThrow(
      "Invalid service name '../etc'",
    );
  });
});
