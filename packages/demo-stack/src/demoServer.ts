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
import { trace, TraceFlags } from '@opentelemetry/api';
import { callPeer, peerCalls } from './peerCalls';

export interface DemoServerOptions {
  definition: DemoServiceDefinition;
  port: number;
  host?: string;
  schedule: IncidentSchedule;
  random?: () => number;
  now?: () => number;
  /** Base URLs of the peers this service calls (checkout: payments and inventory). */
  peers?: Record<string, string>;
  /** Where JSON log lines go; default stdout. */
  log?: (line: string) => void;
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
  const peers = options.peers ?? {};
  const log =
    options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
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
    // The request's span (OpenTelemetry's HTTP instrumentation made it): its ids go on the
    // histogram as an exemplar and on the log line, which is how metrics and logs find traces.
    const span = trace.getActiveSpan();
    // Named by its route, as OpenTelemetry's semantic conventions do when the route is known.
    span?.updateName(`${route.method} ${route.route}`);
    span?.setAttribute('http.route', route.route);
    const context = span?.spanContext();
    const sampled = context && context.traceFlags & TraceFlags.SAMPLED;
    const ids = sampled
      ? { trace_id: context.traceId, span_id: context.spanId }
      : undefined;
    const startedAt = Date.now();
    const timerStart = process.hrtime.bigint();
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
      // Calls to peers happen inside the request's own time budget, so the service's latency
      // and error metrics keep the shape its definition gives them; a slow or failing peer
      // shows on the trace as a failed or cut-off client span.
      const calls =
        peerCalls[definition.name]?.[`${route.method} ${route.route}`] ?? [];
      const started = Date.now();
      await Promise.all(
        calls
          .filter(c => peers[c.peer])
          .map(c => callPeer(peers[c.peer], c, latencyMs)),
      );
      await sleep(Math.max(0, latencyMs - (Date.now() - started)));

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
      metrics.duration.observe({
        labels: statusLabels,
        value: Number(process.hrtime.bigint() - timerStart) / 1e9,
        // prom-client types exemplar labels as the metric's own; they are free-form.
        exemplarLabels: ids as Record<string, string> | undefined,
      });
      if (status >= 500)
        span?.setStatus({ code: 2, message: `HTTP ${status}` });
      const durationMs = Date.now() - startedAt;
      // Errors, slow requests and a sample of the rest: enough to follow, not a flood.
      if (ids && (status >= 500 || durationMs > 500 || Math.random() < 0.01)) {
        log(
          JSON.stringify({
            time: new Date().toISOString(),
            level: status >= 500 ? 'error' : 'info',
            service: definition.name,
            msg: `${route.method} ${route.route} ${status}`,
            status,
            duration_ms: durationMs,
            ...ids,
          }),
        );
      }
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
