import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { isServiceName } from '../gitServer/names';
import { runGitOrThrow } from '../gitServer/runGit';
import {
  ManagedProcess,
  startManagedProcess,
  stopAllInRunDir,
  waitForHttp,
} from '../stack/managedProcess';
import { tsCommand } from './nodeCommands';

/** Backstage's LoggerService fits, and so does `console`. */
export interface DeploymentLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface DeployServiceOptions {
  /** The demo stack's run directory (must be inside the monorepo, see `checkoutDir`). */
  runDir: string;
  /** Where to clone from, e.g. `http://127.0.0.1:8930/<name>.git`. */
  gitUrl: string;
  /** A DNS label; it becomes the Prometheus job, process and file names. */
  name: string;
  port: number;
  namespace?: string;
  /** OTLP/HTTP traces endpoint the service sends its spans to; unset: none. */
  traceEndpoint?: string;
  logger?: DeploymentLogger;
}

export interface DeployedService {
  url: string;
  metricsUrl: string;
  logFile: string;
}

/** What `<runDir>/deployments/<name>.json` holds, so a stack restart brings the service back. */
export interface DeploymentRecord {
  name: string;
  port: number;
  gitUrl: string;
  namespace: string;
  deployedAt: string;
}

const readyTimeoutMs = 60_000;
const buildTimeoutMs = 120_000;

const silentLogger: DeploymentLogger = { info: () => {}, warn: () => {} };

/**
 * The managed process names of one deployment. Prefixed so a scaffolded service called, say,
 * `prometheus` or `checkout` cannot take over the pid file of the stack's own process; the two
 * prefixes differ so no service name can produce another's traffic name.
 */
export function deploymentProcessNames(name: string): {
  service: string;
  traffic: string;
} {
  return { service: `deploy-${name}`, traffic: `traffic-${name}` };
}

/** The folder Prometheus's `scaffolded` job discovers targets from. */
export function fileSdDir(runDir: string): string {
  return path.join(path.resolve(runDir), 'file-sd');
}

function deploymentsDir(runDir: string): string {
  return path.join(path.resolve(runDir), 'deployments');
}

/**
 * The deployment's working copy. It lives inside the run directory, which `make start` keeps in
 * the monorepo (.run/demo-stack): Node's module resolution walks up from there and finds the
 * service's dependencies (prom-client, @opentelemetry/*) and TypeScript's @types in the
 * monorepo's node_modules, so a deployment needs no `npm install` of its own.
 */
function checkoutDir(runDir: string, name: string): string {
  return path.join(deploymentsDir(runDir), name, 'src-checkout');
}

function recordFile(runDir: string, name: string): string {
  return path.join(deploymentsDir(runDir), `${name}.json`);
}

function fileSdFile(runDir: string, name: string): string {
  return path.join(fileSdDir(runDir), `${name}.json`);
}

/** Write to a temporary name, then rename: Prometheus never reads half a file. */
function writeFileAtomically(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  // Not `*.json`, so the file-SD glob never matches the temporary file.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

function validateName(name: string, what: string): void {
  if (!isServiceName(name)) {
    throw new Error(
      `Invalid ${what} '${name}': use lower-case letters, digits and hyphens (a DNS label, at most 63 characters, starting with a letter or digit)`,
    );
  }
}

function validatePort(port: number): void {
  if (!Number.isInteger(port) || port < 1024 || port > 65535) {
    throw new Error(
      `Invalid port ${port}: choose a port between 1024 and 65535`,
    );
  }
}

/** Fails when anything listens on `port`, on any address (an unspecified bind catches both). */
async function assertPortFree(port: number, name: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `Port ${port} is already in use: choose another port for ${name}`,
            )
          : error,
      ),
    );
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

function build(checkout: string): Promise<void> {
  const tsc = require.resolve('typescript/bin/tsc');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [tsc, '-p', 'tsconfig.json'],
      { cwd: checkout, timeout: buildTimeoutMs, maxBuffer: 10 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) {
          resolve();
          return;
        }
        const output = `${stdout}${stderr}`
          .trim()
          .split('\n')
          .slice(-40)
          .join('\n');
        reject(
          new Error(
            `Building ${checkout} with tsc failed (${
              error.message.split('\n')[0]
            })` +
              `${
                output ? `:\n${output}` : ''
              }\n(Dependencies resolve from the ` +
              `monorepo's node_modules, so the run directory must be inside the monorepo.)`,
          ),
        );
      },
    );
  });
}

/** Stops a deployment's processes (if running) and takes it out of Prometheus's targets. */
async function stopDeployment(runDir: string, name: string): Promise<void> {
  const names = deploymentProcessNames(name);
  await stopAllInRunDir(runDir, [names.traffic, names.service]);
  rmSync(fileSdFile(runDir, name), { force: true });
}

/**
 * Starts an already built checkout: the service, its readiness, its file-SD target and its
 * traffic. Undoes what it started when any step fails.
 */
async function startDeployment(options: {
  runDir: string;
  record: DeploymentRecord;
  traceEndpoint?: string;
}): Promise<{ deployed: DeployedService; processes: ManagedProcess[] }> {
  const { runDir, record } = options;
  const names = deploymentProcessNames(record.name);
  const url = `http://127.0.0.1:${record.port}`;
  const service = startManagedProcess({
    name: names.service,
    command: process.execPath,
    args: ['dist/main.js'],
    cwd: checkoutDir(runDir, record.name),
    runDir,
    env: {
      PORT: String(record.port),
      OTEL_SERVICE_NAME: record.name,
      // undefined removes an endpoint inherited from whoever deploys (spawn drops such keys).
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: options.traceEndpoint,
    },
  });
  const processes: ManagedProcess[] = [service];
  try {
    await waitForHttp(`${url}/health/ready`, {
      timeoutMs: readyTimeoutMs,
      process: service,
    });
    writeFileAtomically(
      fileSdFile(runDir, record.name),
      `${JSON.stringify([
        {
          targets: [`127.0.0.1:${record.port}`],
          labels: { job: record.name, namespace: record.namespace },
        },
      ])}\n`,
    );
    processes.push(
      startManagedProcess({
        name: names.traffic,
        ...tsCommand('src/deployments/trafficMain.ts', [String(record.port)]),
        runDir,
      }),
    );
  } catch (error) {
    await Promise.all(processes.map(p => p.stop()));
    rmSync(fileSdFile(runDir, record.name), { force: true });
    throw error;
  }
  return {
    deployed: { url, metricsUrl: `${url}/metrics`, logFile: service.logFile },
    processes,
  };
}

// Two deploys of the same name in this process run one after the other, not interleaved.
const inFlight = new Map<string, Promise<unknown>>();

/**
 * The demo's stand-in for a company's CI/CD: clones the service's repository, builds it with the
 * monorepo's TypeScript, runs it as a managed process with traffic of its own and lets the demo
 * Prometheus scrape it (file service discovery). Deploying a name again replaces the previous
 * deployment. The processes outlive the caller; `make stop` ends them.
 */
export async function deployService(
  options: DeployServiceOptions,
): Promise<DeployedService> {
  const key = `${path.resolve(options.runDir)}:${options.name}`;
  const previous = inFlight.get(key) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(() => deployNow(options));
  inFlight.set(key, next);
  try {
    return await next;
  } finally {
    if (inFlight.get(key) === next) {
      inFlight.delete(key);
    }
  }
}

async function deployNow(
  options: DeployServiceOptions,
): Promise<DeployedService> {
  const runDir = path.resolve(options.runDir);
  const { name, port, gitUrl } = options;
  const namespace = options.namespace ?? 'scaffolded';
  const logger = options.logger ?? silentLogger;
  validateName(name, 'service name');
  validateName(namespace, 'namespace');
  validatePort(port);
  if (!gitUrl || gitUrl.startsWith('-')) {
    throw new Error(`Invalid git URL '${gitUrl}'`);
  }

  // The old deployment goes first: it may hold the very port the new one is given.
  await stopDeployment(runDir, name);
  rmSync(recordFile(runDir, name), { force: true });
  await assertPortFree(port, name);

  const checkout = checkoutDir(runDir, name);
  rmSync(checkout, { recursive: true, force: true });
  mkdirSync(path.dirname(checkout), { recursive: true });
  logger.info(`Cloning ${gitUrl} into ${checkout}`);
  await runGitOrThrow(['clone', '--depth', '1', '--', gitUrl, checkout], {
    timeoutMs: 120_000,
  });
  logger.info(`Building ${name}`);
  await build(checkout);

  const record: DeploymentRecord = {
    name,
    port,
    gitUrl,
    namespace,
    deployedAt: new Date().toISOString(),
  };
  logger.info(`Starting ${name} on port ${port}`);
  const { deployed } = await startDeployment({
    runDir,
    record,
    traceEndpoint: options.traceEndpoint,
  });
  writeFileAtomically(
    recordFile(runDir, name),
    `${JSON.stringify(record, null, 2)}\n`,
  );
  logger.info(`Deployed ${name} at ${deployed.url}`);
  return deployed;
}

/**
 * Takes a deployment away: stops its processes, removes its Prometheus target, its record (so
 * `make start` does not bring it back) and its checkout. The repository on the git server stays.
 * Returns whether there was anything to remove.
 */
export async function undeployService(
  runDir: string,
  name: string,
): Promise<boolean> {
  validateName(name, 'service name');
  const resolved = path.resolve(runDir);
  const existed =
    existsSync(recordFile(resolved, name)) ||
    existsSync(path.join(deploymentsDir(resolved), name));
  await stopDeployment(resolved, name);
  rmSync(recordFile(resolved, name), { force: true });
  rmSync(path.join(deploymentsDir(resolved), name), {
    recursive: true,
    force: true,
  });
  return existed;
}

/** The deployments recorded in `runDir`, skipping files that are not valid records. */
export function listDeployments(runDir: string): DeploymentRecord[] {
  const dir = deploymentsDir(runDir);
  if (!existsSync(dir)) {
    return [];
  }
  const records: DeploymentRecord[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.json')) {
      continue;
    }
    try {
      const record = JSON.parse(
        readFileSync(path.join(dir, file), 'utf8'),
      ) as DeploymentRecord;
      if (
        isServiceName(record.name) &&
        file === `${record.name}.json` &&
        Number.isInteger(record.port)
      ) {
        records.push(record);
      }
    } catch {
      // a half-written or hand-edited file: not a deployment
    }
  }
  return records;
}

/**
 * The process names of every deployment in `runDir`: those recorded and those with a pid file
 * left (a deploy that failed halfway has no record yet).
 */
export function deploymentProcessNamesInRunDir(runDir: string): string[] {
  const resolved = path.resolve(runDir);
  const names = new Set<string>();
  for (const record of listDeployments(resolved)) {
    const { service, traffic } = deploymentProcessNames(record.name);
    names.add(traffic);
    names.add(service);
  }
  if (existsSync(resolved)) {
    for (const file of readdirSync(resolved)) {
      const match = /^((?:deploy|traffic)-[a-z0-9-]+)\.pid$/.exec(file);
      if (match) {
        names.add(match[1]);
      }
    }
  }
  return [...names];
}

/**
 * Starts the recorded deployments again from their existing checkouts (no clone; a build only
 * when dist/ is missing), so a stack restart keeps the scaffolded services. A deployment that
 * does not come up is logged and skipped: it must not take the demo stack down with it.
 */
export async function restartDeployments(options: {
  runDir: string;
  traceEndpoint?: string;
  logger?: DeploymentLogger;
}): Promise<ManagedProcess[]> {
  const runDir = path.resolve(options.runDir);
  const logger = options.logger ?? silentLogger;
  const results = await Promise.allSettled(
    listDeployments(runDir).map(async record => {
      try {
        const checkout = checkoutDir(runDir, record.name);
        if (!existsSync(path.join(checkout, 'tsconfig.json'))) {
          throw new Error(`its checkout ${checkout} is gone`);
        }
        await stopDeployment(runDir, record.name);
        await assertPortFree(record.port, record.name);
        if (!existsSync(path.join(checkout, 'dist', 'main.js'))) {
          await build(checkout);
        }
        const { processes } = await startDeployment({
          runDir,
          record,
          traceEndpoint: options.traceEndpoint,
        });
        logger.info(
          `Restarted deployment ${record.name} on port ${record.port}`,
        );
        return processes;
      } catch (error) {
        logger.warn(
          `Skipped deployment ${record.name}: ${
            error instanceof Error ? error.message : error
          }`,
        );
        throw error;
      }
    }),
  );
  return results.flatMap(r => (r.status === 'fulfilled' ? r.value : []));
}
