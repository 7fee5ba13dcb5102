/*
 * What the 10,000-service bench runs, every part a real process on 127.0.0.1: two Prometheus
 * servers on the generated TSDB blocks (each with its query log on, to count what the portal
 * asks), Redis, nginx, and three replicas of the production backend bundle on one PostgreSQL:
 * `warm-a` and `warm-b` with the result cache (Redis) behind nginx, `cold` without the cache.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  freePort,
  ManagedProcess,
  startManagedProcess,
  waitForHttp,
} from '@internal/demo-stack';
import { stringify } from 'yaml';
import {
  installBundle,
  Replica,
  startReplica,
} from '../../scale/backendReplica';
import { renderNginxConfig } from '../../scale/nginxConfig';
import { startNginx, startRedis } from '../../scale/sharedServices';
import { newRunDir } from '../../scale/scaleStack';

export const INSTANCES = ['bench-a', 'bench-b'];

export class Bench10kStack {
  readonly runDir = newRunDir('bench-10k');
  readonly data = process.env.BENCH_10K_DATA!;
  readonly services = Number(process.env.BENCH_SERVICES ?? 10_000);
  readonly replicas = new Map<string, Replica>();
  readonly prometheus = new Map<string, { url: string; queryLog: string }>();
  portalUrl = '';
  private readonly processes: ManagedProcess[] = [];

  async start() {
    if (!this.data) throw new Error('BENCH_10K_DATA is not set: use run.sh');
    for (const instance of INSTANCES) {
      const port = await freePort();
      const queryLog = path.join(this.runDir, `${instance}-queries.log`);
      const config = path.join(this.runDir, `${instance}.yml`);
      writeFileSync(
        config,
        stringify({
          global: { scrape_interval: '2m', query_log_file: queryLog },
          scrape_configs: [],
        }),
      );
      const prom = startManagedProcess({
        name: `prometheus-${instance}`,
        command: 'prometheus',
        args: [
          `--config.file=${config}`,
          `--storage.tsdb.path=${path.join(this.data, `prom-${instance}`)}`,
          '--storage.tsdb.retention.time=3650d',
          `--web.listen-address=127.0.0.1:${port}`,
        ],
        runDir: this.runDir,
      });
      this.processes.push(prom);
      const url = `http://127.0.0.1:${port}`;
      await waitForHttp(`${url}/-/ready`, {
        process: prom,
        timeoutMs: 120_000,
      });
      this.prometheus.set(instance, { url, queryLog });
    }

    const redisPort = await freePort();
    this.processes.push(startRedis(redisPort, this.runDir));

    const ports = {
      'warm-a': await freePort(),
      'warm-b': await freePort(),
      cold: await freePort(),
    };
    const portalPort = await freePort();
    this.portalUrl = `http://127.0.0.1:${portalPort}`;
    const nginxDir = path.join(this.runDir, 'nginx');
    this.processes.push(
      startNginx(
        nginxDir,
        renderNginxConfig({
          dir: nginxDir,
          portalPort,
          replicaPorts: [ports['warm-a'], ports['warm-b']],
        }),
        this.runDir,
      ),
    );

    const shared = path.join(this.runDir, 'app-config.bench.yaml');
    writeFileSync(
      shared,
      stringify({
        backend: {
          database: { prefix: `bench_${randomBytes(4).toString('hex')}_` },
          cache: {
            store: 'redis',
            connection: `redis://127.0.0.1:${redisPort}`,
            redis: { client: { namespace: 'bench-10k' } },
          },
        },
        auth: {
          providers: {
            guest: {
              dangerouslyAllowOutsideDevelopment: true,
              userEntityRef: 'user:default/alice',
            },
          },
        },
        catalog: {
          rules: [{ allow: ['Component', 'Group', 'System', 'Location'] }],
          locations: [
            { type: 'file', target: path.join(this.data, 'data/catalog.yaml') },
          ],
        },
        observability: {
          prometheus: {
            instances: INSTANCES.map(name => ({
              name,
              baseUrl: this.prometheus.get(name)!.url,
              scrapeInterval: '2m',
            })),
          },
          profiles: [
            {
              name: 'nginx',
              requestRate:
                'sum(rate(nginx_http_requests_total[$__rate_interval]))',
              errorRate:
                'sum(rate(nginx_http_requests_total{status=~"5.."}[$__rate_interval]))',
              latencyHistogram: 'nginx_http_request_duration_seconds',
              saturation: {
                query: 'sum(nginx_connections_active)',
                unit: 'count',
                title: 'Connections',
              },
            },
          ],
          summaryWindow: '10m',
          alerts: { reconcileInterval: '1h' },
          alertRules: { interval: '1h', delivery: [] },
        },
      }),
    );
    const env = (pg: URL): NodeJS.ProcessEnv => ({
      APP_BASE_URL: this.portalUrl,
      BACKEND_BASE_URL: this.portalUrl,
      POSTGRES_HOST: pg.hostname,
      POSTGRES_PORT: pg.port,
      POSTGRES_USER: decodeURIComponent(pg.username),
      POSTGRES_PASSWORD: decodeURIComponent(pg.password),
      PROMETHEUS_URL: this.prometheus.get('bench-a')!.url,
      // No Alertmanager in this bench: the reconciler (hourly) finds it down and says so.
      ALERTMANAGER_URL: 'http://127.0.0.1:9',
    });
    const pg = new URL(process.env.SCALE_POSTGRES_URL!);
    // One at a time: the first migrates the empty database (see the README's operator guide).
    for (const name of Object.keys(ports) as Array<keyof typeof ports>) {
      const own = path.join(this.runDir, `app-config.${name}.yaml`);
      writeFileSync(
        own,
        stringify({
          backend: { listen: `127.0.0.1:${ports[name]}` },
          ...(name === 'cold'
            ? { observability: { cache: { enabled: false } } }
            : {}),
        }),
      );
      const dir = path.join(this.runDir, `replica-${name}`);
      installBundle(dir);
      const replica = await startReplica({
        name: `backend-${name}`,
        dir,
        port: ports[name],
        runDir: this.runDir,
        configFiles: [shared, own],
        env: env(pg),
        timeoutMs: 300_000,
      });
      this.replicas.set(name, replica);
    }
  }

  replica(name: string): Replica {
    return this.replicas.get(name)!;
  }

  /** Queries Prometheus logged so far, per instance (its query log, one JSON line each). */
  queryLogLines(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, { queryLog }] of this.prometheus) {
      try {
        out[name] = readFileSync(queryLog, 'utf8')
          .split('\n')
          .filter(Boolean).length;
      } catch {
        out[name] = 0;
      }
    }
    return out;
  }

  queryLogEntries(): Array<{ params: { query: string } }> {
    const entries: Array<{ params: { query: string } }> = [];
    for (const { queryLog } of this.prometheus.values()) {
      try {
        for (const line of readFileSync(queryLog, 'utf8').split('\n')) {
          if (line) entries.push(JSON.parse(line));
        }
      } catch {
        // no query yet
      }
    }
    return entries;
  }

  /**
   * The parameters (query, start, end, step) of each query an instance logged after the line
   * counts in `before`, with the instance's name: equal strings are the same upstream query.
   */
  queryParamsSince(before: Record<string, number>): string[] {
    const out: string[] = [];
    for (const [name, { queryLog }] of this.prometheus) {
      const lines = readFileSync(queryLog, 'utf8').split('\n').filter(Boolean);
      for (const line of lines.slice(before[name] ?? 0)) {
        const { query, start, end, step } = JSON.parse(line).params ?? {};
        out.push(JSON.stringify([name, query, start, end, step]));
      }
    }
    return out;
  }

  /** Resident memory of a replica's process, from /proc. */
  rssMegabytes(name: string): number {
    const status = readFileSync(
      `/proc/${this.replica(name).process.pid}/status`,
      'utf8',
    );
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  }

  async stop() {
    await Promise.all([...this.replicas.values()].map(r => r.stop()));
    await Promise.all(this.processes.map(p => p.stop()));
  }
}
