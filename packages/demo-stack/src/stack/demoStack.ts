import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { demoServices } from '../serviceCatalog';
import { findBinary } from './binaries';
import {
  packageDir,
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
  services?: DemoStackService[];
  scrapeInterval?: string;
  webhookUrl?: string;
  webhookToken?: string;
  /** Extra environment for the demo services (incident schedule, rate multiplier). */
  serviceEnv?: NodeJS.ProcessEnv;
}

export interface RunningDemoStack {
  prometheusUrl: string;
  alertmanagerUrl?: string;
  /** Jaeger api_v3 of the demo trace store, when it was started. */
  traceStoreUrl?: string;
  services: DemoStackService[];
  processes: ManagedProcess[];
  stop(): Promise<void>;
}

export const defaultDemoPorts = {
  prometheus: 9090,
  alertmanager: 9093,
  traceStore: 16686,
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
    ...Object.keys(demoServices),
  ];
}

function tsCommand(
  entry: string,
  args: string[],
): { command: string; args: string[] } {
  // Runs the TypeScript source directly with Backstage's own transform, as `backstage-cli
  // package start` does for backends: no build step between editing and running.
  const transform = require.resolve('@backstage/cli/config/nodeTransform.cjs');
  return {
    command: process.execPath,
    args: ['--require', transform, path.join(packageDir, entry), ...args],
  };
}

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
    const promConfig = path.join(runDir, 'prometheus.yml');
    writeFileSync(
      promConfig,
      renderPrometheusConfig({
        prometheusPort,
        alertmanagerPort:
          options.alertmanagerPort ?? defaultDemoPorts.alertmanager,
        rulesDir,
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
    return {
      prometheusUrl,
      alertmanagerUrl,
      traceStoreUrl,
      services,
      processes,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Stops whatever a previous `startDemoStack` left running in `runDir`. */
export async function stopDemoStack(runDir: string): Promise<string[]> {
  return stopAllInRunDir(path.resolve(runDir), stackProcessNames());
}
