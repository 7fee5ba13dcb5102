import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { demoServices } from '../serviceCatalog';
import {
  DeploymentLogger,
  deploymentProcessNamesInRunDir,
  fileSdDir,
  restartDeployments,
} from '../deployments/deployService';
import { tsCommand } from '../deployments/nodeCommands';
import { findBinary } from './binaries';
import {
  renderAlertmanagerConfig,
  renderPrometheusConfig,
} from './renderConfig';
import {
  ManagedProcess,
  startManagedProcess,
  stopAllInRunDir,
  waitForHttp,
} from './managedProcess';

export interface DemoStackService {
  name: string;
  port: number;
}

export interface DemoStackOptions {
  /** Where configs, data, logs and pid files go (ignored by git). */
  runDir: string;
  prometheusPort?: number;
  /** Leave out to run without Alertmanager (the scrape test does not need it). */
  alertmanagerPort?: number;
  /**
   * The demo trace store (a stand-in for Jaeger); leave out to run without traces. With it the
   * services send it their spans and checkout calls payments and inventory.
   */
  traceStorePort?: number;
  /**
   * The demo git server (local repositories the scaffolder publishes to, kept in
   * `<runDir>/git`); leave out to run without it.
   */
  gitServerPort?: number;
  services?: DemoStackService[];
  scrapeInterval?: string;
  webhookUrl?: string;
  webhookToken?: string;
  /** Extra environment for the demo services (incident schedule, rate multiplier). */
  serviceEnv?: NodeJS.ProcessEnv;
  /** Where restarting the recorded deployments reports; stderr by default. */
  logger?: DeploymentLogger;
}

export interface RunningDemoStack {
  prometheusUrl: string;
  alertmanagerUrl?: string;
  /** Jaeger api_v3 of the demo trace store, when it was started. */
  traceStoreUrl?: string;
  /** The demo git server, when it was started. */
  gitServerUrl?: string;
  services: DemoStackService[];
  processes: ManagedProcess[];
  stop(): Promise<void>;
}

export const defaultDemoPorts = {
  prometheus: 9090,
  alertmanager: 9093,
  traceStore: 16686,
  gitServer: 8930,
};

export const defaultServices: DemoStackService[] = Object.values(
  demoServices,
).map(s => ({
  name: s.name,
  port: s.defaultPort,
}));

/** The names of every process the stack may have started, for `stop`. */
export function stackProcessNames(): string[] {
  return [
    'prometheus',
    'alertmanager',
    'trace-store',
    'git-server',
    ...Object.keys(demoServices),
  ];
}

const stderrLogger: DeploymentLogger = {
  info: message => process.stderr.write(`${message}\n`),
  warn: message => process.stderr.write(`warning: ${message}\n`),
};

/**
 * Starts the demo services, Prometheus and (optionally) Alertmanager as real local processes on
 * 127.0.0.1 and waits until each answers. Used by `make start` and by the integration tests,
 * which pass their own ports and run directory.
 */
export async function startDemoStack(
  options: DemoStackOptions,
): Promise<RunningDemoStack> {
  const runDir = path.resolve(options.runDir);
  const prometheusPort = options.prometheusPort ?? defaultDemoPorts.prometheus;
  const services = options.services ?? defaultServices;
  const prometheusBin = findBinary('prometheus');
  const alertmanagerBin = options.alertmanagerPort
    ? findBinary('alertmanager')
    : undefined;
  mkdirSync(runDir, { recursive: true });

  const processes: ManagedProcess[] = [];
  const stop = async () => {
    await Promise.all(processes.map(p => p.stop()));
  };

  try {
    let traceStoreUrl: string | undefined;
    const tracingEnv: NodeJS.ProcessEnv = {};
    if (options.traceStorePort) {
      const store = startManagedProcess({
        name: 'trace-store',
        ...tsCommand('src/traceStore/main.ts', [
          String(options.traceStorePort),
        ]),
        runDir,
      });
      processes.push(store);
      traceStoreUrl = `http://127.0.0.1:${options.traceStorePort}`;
      await waitForHttp(`${traceStoreUrl}/api/v3/services`, { process: store });
      tracingEnv.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = `${traceStoreUrl}/v1/traces`;
      for (const s of services) {
        tracingEnv[
          `DEMO_PEER_${s.name.toUpperCase()}_URL`
        ] = `http://127.0.0.1:${s.port}`;
      }
    }
    let gitServerUrl: string | undefined;
    if (options.gitServerPort) {
      const gitServer = startManagedProcess({
        name: 'git-server',
        ...tsCommand('src/gitServer/main.ts', [
          path.join(runDir, 'git'),
          String(options.gitServerPort),
        ]),
        runDir,
      });
      processes.push(gitServer);
      gitServerUrl = `http://127.0.0.1:${options.gitServerPort}`;
      await waitForHttp(`${gitServerUrl}/`, { process: gitServer });
    }
    const serviceProcesses = services.map(service =>
      startManagedProcess({
        name: service.name,
        ...tsCommand('src/main.ts', [service.name, String(service.port)]),
        runDir,
        env: { ...tracingEnv, ...options.serviceEnv },
      }),
    );
    processes.push(...serviceProcesses);

    let alertmanagerUrl: string | undefined;
    if (alertmanagerBin && options.alertmanagerPort) {
      const amConfig = path.join(runDir, 'alertmanager.yml');
      writeFileSync(
        amConfig,
        renderAlertmanagerConfig({
          webhookUrl:
            options.webhookUrl ??
            'http://127.0.0.1:7007/api/observability/alerts/webhook',
          webhookToken:
            options.webhookToken ?? 'demo-alertmanager-webhook-token',
        }),
      );
      const am = startManagedProcess({
        name: 'alertmanager',
        command: alertmanagerBin,
        args: [
          `--config.file=${amConfig}`,
          `--storage.path=${path.join(runDir, 'alertmanager-data')}`,
          `--web.listen-address=127.0.0.1:${options.alertmanagerPort}`,
          // A single node: no gossip port to collide with another Alertmanager on the machine.
          '--cluster.listen-address=',
        ],
        runDir,
      });
      processes.push(am);
      alertmanagerUrl = `http://127.0.0.1:${options.alertmanagerPort}`;
      await waitForHttp(`${alertmanagerUrl}/-/ready`, { process: am });
    }

    const rulesDir = path.join(runDir, 'rules');
    // The portal's rule directory stays across restarts: it holds what the portal delivered.
    mkdirSync(path.join(rulesDir, 'portal'), { recursive: true });
    // Deployments write their targets here; Prometheus needs the folder to watch it.
    mkdirSync(fileSdDir(runDir), { recursive: true });
    const promConfig = path.join(runDir, 'prometheus.yml');
    writeFileSync(
      promConfig,
      renderPrometheusConfig({
        prometheusPort,
        alertmanagerPort:
          options.alertmanagerPort ?? defaultDemoPorts.alertmanager,
        rulesDir,
        fileSdDir: fileSdDir(runDir),
        scrapeInterval: options.scrapeInterval ?? '5s',
        targets: services.map(s => ({ job: s.name, port: s.port })),
      }),
    );
    const prometheus = startManagedProcess({
      name: 'prometheus',
      command: prometheusBin,
      args: [
        `--config.file=${promConfig}`,
        `--storage.tsdb.path=${path.join(runDir, 'prometheus-data')}`,
        `--web.listen-address=127.0.0.1:${prometheusPort}`,
        '--web.enable-lifecycle',
        '--storage.tsdb.retention.time=15d',
        // Exemplars (trace ids on the latency histogram) are kept only with this flag.
        '--enable-feature=exemplar-storage',
      ],
      runDir,
    });
    processes.push(prometheus);
    const prometheusUrl = `http://127.0.0.1:${prometheusPort}`;

    await Promise.all([
      waitForHttp(`${prometheusUrl}/-/ready`, { process: prometheus }),
      ...services.map((s, i) =>
        waitForHttp(`http://127.0.0.1:${s.port}/healthz`, {
          process: serviceProcesses[i],
        }),
      ),
    ]);
    // The scaffolded services deployed before the last stop, from their existing checkouts.
    processes.push(
      ...(await restartDeployments({
        runDir,
        traceEndpoint: tracingEnv.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
        logger: options.logger ?? stderrLogger,
      })),
    );
    return {
      prometheusUrl,
      alertmanagerUrl,
      traceStoreUrl,
      gitServerUrl,
      services,
      processes,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Stops whatever a previous `startDemoStack` left running in `runDir`, and every deployment's
 * service and traffic (their records stay, so the next start brings them back).
 */
export async function stopDemoStack(runDir: string): Promise<string[]> {
  const resolved = path.resolve(runDir);
  return stopAllInRunDir(resolved, [
    ...deploymentProcessNamesInRunDir(resolved),
    ...stackProcessNames(),
  ]);
}
