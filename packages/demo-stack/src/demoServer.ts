import http from 'node:http';
import { AddressInfo } from 'node:net';
import { DemoRoute, DemoServiceDefinition } from './serviceCatalog';
import {
  IncidentSchedule,
  isIncidentActive,
  loadFactor,
  logNormalJitter,
} from './behaviour';
import { createHttpMetrics, HttpMetrics } from './metrics';

export interface DemoServerOptions {
  definition: DemoServiceDefinition;
  port: number;
  host?: string;
  schedule: IncidentSchedule;
  random?: () => number;
  now?: () => number;
}

export interface DemoServer {
  metrics: HttpMetrics;
  port: number;
  close(): Promise<void>;
}

interface CompiledRoute extends DemoRoute {
  pattern: RegExp;
}

function compileRoute(route: DemoRoute): CompiledRoute {
  const source = route.route
    .split('/')
    .map(part =>
      part.startsWith(':')
        ? '[^/]+'
        : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return { ...route, pattern: new RegExp(`^${source}$`) };
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * An HTTP service that answers its routes with simulated work and records the conventional
 * prom-client metrics. `/metrics` is what Prometheus scrapes; `/healthz` is for the start script.
 */
export async function startDemoServer(
  options: DemoServerOptions,
): Promise<DemoServer> {
  const { definition, schedule } = options;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const metrics = createHttpMetrics(definition.name);
  const routes = definition.routes.map(compileRoute);
  let inFlightTotal = 0;

  const handle = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') {
      res.setHeader('Content-Type', metrics.registry.contentType);
      res.end(await metrics.registry.metrics());
      return;
    }
    // The demo teams' Alertmanager receivers post here (app-config.yaml): a no-op sink that
    // takes the notification and drops it, outside the service's own request metrics.
    if (req.method === 'POST' && path === '/alert-sink') {
      req.resume();
      req.on('end', () => {
        res.statusCode = 204;
        res.end();
      });
      return;
    }
    if (req.method === 'GET' && path === '/healthz') {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ status: 'ok', service: definition.name }));
      return;
    }
    const route = routes.find(
      r => r.method === req.method && r.pattern.test(path),
    );
    if (!route) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }

    const labels = { method: route.method, route: route.route };
    const stopTimer = metrics.duration.startTimer(labels);
    metrics.inFlight.inc(labels);
    inFlightTotal += 1;
    try {
      // Drain the body so keep-alive connections stay usable.
      for await (const _chunk of req) {
        // discard
      }
      const incident = isIncidentActive(now(), schedule)
        ? definition.incident
        : undefined;
      const latencyMs =
        route.baseLatencyMs *
        loadFactor(inFlightTotal) *
        logNormalJitter(random) *
        (incident?.latencyFactor ?? 1);
      await sleep(latencyMs);

      const errorRatio = incident?.errorRatio ?? route.errorRatio;
      const roll = random();
      let status = 200;
      if (roll < errorRatio) {
        status = incident?.errorRatio ? 503 : 500;
      } else if (roll < errorRatio + route.clientErrorRatio) {
        status = route.method === 'GET' ? 404 : 400;
      } else if (route.method === 'POST') {
        status = 201;
      }
      res.statusCode = status;
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify({
          service: definition.name,
          route: route.route,
          status,
        }),
      );
      const statusLabels = { ...labels, status_code: String(status) };
      metrics.requests.inc(statusLabels);
      stopTimer({ status_code: String(status) });
    } finally {
      metrics.inFlight.dec(labels);
      inFlightTotal -= 1;
    }
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch(error => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    metrics,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close(error => (error ? reject(error) : resolve()));
      }),
  };
}
