import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { context, trace } from '@opentelemetry/api';
import {
  isInfrastructurePath,
  pathOf,
  SERVICE_DESCRIPTION,
  SERVICE_NAME,
} from './config';
import { createLogger, Logger } from './logger';
import { createMetrics, observeRequest, ServiceMetrics } from './metrics';

/** The `route` label of a request that matched no route: one series for every unknown path. */
export const UNMATCHED_ROUTE = 'unmatched';

/** The longest `name` /api/hello accepts, in characters. */
export const MAX_NAME_LENGTH = 100;

export interface ServerOptions {
  logger?: Logger;
  metrics?: ServiceMetrics;
  /** How long a /api/work request works, in milliseconds; default {@link simulatedWorkMs}. */
  workMs?: () => number;
  /**
   * Time between readiness turning 503 and the server no longer accepting connections, so a
   * load balancer polling /health/ready stops sending traffic first. Default 0.
   */
  shutdownDelayMs?: number;
  /** The longest shutdown waits for in-flight requests before closing them; default 10 s. */
  drainTimeoutMs?: number;
}

export interface ShutdownResult {
  /** Whether every in-flight request finished in time. */
  drained: boolean;
  /** Requests still running when the drain timed out; their connections were closed. */
  abandoned: number;
}

export interface Service {
  /** Not listening yet: call `server.listen(port)`. */
  server: http.Server;
  metrics: ServiceMetrics;
  /** Requests being handled right now. */
  inFlight(): number;
  /** What /health/ready answers: true until shutdown starts. */
  isReady(): boolean;
  /**
   * Readiness turns 503, the server stops accepting connections and in-flight requests finish
   * (up to `drainTimeoutMs`, then their connections are closed). Calling it again returns the
   * same promise.
   */
  shutdown(): Promise<ShutdownResult>;
}

interface Request {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  query: URLSearchParams;
  params: Record<string, string>;
  /** Aborted when the response closes before it is finished (the client went away). */
  signal: AbortSignal;
}

interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /**
   * The route template, which is also its `route` label: `/api/orders/:id` matches
   * `/api/orders/42` and labels it `/api/orders/:id`, so the number of series stays bounded
   * whatever paths clients send.
   */
  path: string;
  handler: (request: Request) => Promise<void> | void;
}

type Match =
  | { label: string; route: CompiledRoute; params: Record<string, string> }
  | { label: string; route?: undefined; allow?: string[] };

interface CompiledRoute extends Route {
  pattern: RegExp;
  keys: string[];
}

function compile(route: Route): CompiledRoute {
  const keys: string[] = [];
  const source = route.path
    .split('/')
    .map(part => {
      if (part.startsWith(':')) {
        keys.push(part.slice(1));
        return '([^/]+)';
      }
      return part.replace(/[.*+?^$(){}|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { ...route, pattern: new RegExp(`^${source}$`), keys };
}

/**
 * The example work's duration: log-normal around 40 ms (90% under about 110 ms, 99% under
 * about 260 ms), clamped to 10–400 ms, so the latency chart and the histogram have a shape.
 */
export function simulatedWorkMs(random: () => number = Math.random): number {
  // Box–Muller: a standard normal from two uniforms.
  const normal =
    Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.min(400, Math.max(10, Math.exp(Math.log(40) + 0.8 * normal)));
}

/** Access-log paths are cut here: a path can be kilobytes long. */
const MAX_LOGGED_PATH = 200;

export function createServer(options: ServerOptions = {}): Service {
  const logger = options.logger ?? createLogger();
  const metrics = options.metrics ?? createMetrics();
  const workMs = options.workMs ?? (() => simulatedWorkMs());
  const shutdownDelayMs = options.shutdownDelayMs ?? 0;
  const drainTimeoutMs = options.drainTimeoutMs ?? 10_000;

  let ready = true;
  let active = 0;
  const idleWaiters = new Set<() => void>();

  const sendJson = (
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    if (res.headersSent || res.destroyed) return;
    const text = JSON.stringify(body);
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(text));
    for (const [name, value] of Object.entries(headers)) {
      res.setHeader(name, value);
    }
    // While shutting down, a keep-alive connection is closed after its response.
    if (!ready) res.setHeader('Connection', 'close');
    res.end(text);
  };

  const table: Route[] = [
      {
        method: 'GET',
        path: '/',
        handler: ({ res }) =>
          sendJson(res, 200, {
            name: SERVICE_NAME,
            description: SERVICE_DESCRIPTION,
            links: {
              hello: '/api/hello?name=you',
              work: '/api/work',
              metrics: '/metrics',
              live: '/health/live',
              ready: '/health/ready',
            },
          }),
      },
      {
        method: 'GET',
        path: '/api/hello',
        handler: ({ res, query }) => {
          const name = query.get('name')?.trim() || 'world';
          if ([...name].length > MAX_NAME_LENGTH) {
            sendJson(res, 400, {
              error: `name must be at most ${MAX_NAME_LENGTH} characters`,
            });
            return;
          }
          sendJson(res, 200, { message: `Hello, ${name}!` });
        },
      },
      {
        method: 'GET',
        path: '/api/work',
        // An example handler: it only waits, 10–400 ms, so the latency chart has something to
        // show. Replace it with the service's real work.
        handler: async ({ res, signal }) => {
          const ms = Math.round(workMs());
          await sleep(ms, undefined, { signal });
          sendJson(res, 200, { worked_ms: ms });
        },
      },
      {
        method: 'GET',
        path: '/health/live',
        // The process runs and answers: a liveness probe that fails gets the process restarted.
        handler: ({ res }) => sendJson(res, 200, { status: 'ok' }),
      },
      {
        method: 'GET',
        path: '/health/ready',
        // Whether to send it traffic: 503 from the moment shutdown starts.
        handler: ({ res }) =>
          ready
            ? sendJson(res, 200, { status: 'ready' })
            : sendJson(res, 503, { status: 'shutting down' }),
      },
      {
        method: 'GET',
        path: '/metrics',
        handler: async ({ res }) => {
          const body = await metrics.registry.metrics();
          if (res.destroyed) return;
          res.statusCode = 200;
          res.setHeader('Content-Type', metrics.registry.contentType);
          res.end(body);
        },
      },
  ];
  const routes = table.map(compile);

  const match = (method: string, path: string): Match => {
    const candidates = routes.filter(r => r.pattern.test(path));
    // HEAD is answered like GET (Node sends the headers without the body).
    const wanted = method === 'HEAD' ? 'GET' : method;
    const route = candidates.find(r => r.method === wanted);
    if (!route) {
      return candidates.length > 0
        ? {
            label: candidates[0].path,
            allow: [
              ...new Set(candidates.flatMap(r => (r.method === 'GET' ? ['GET', 'HEAD'] : [r.method]))),
            ],
          }
        : { label: UNMATCHED_ROUTE };
    }
    const values = route.pattern.exec(path)?.slice(1) ?? [];
    const params: Record<string, string> = {};
    route.keys.forEach((key, i) => {
      params[key] = decodeURIComponentSafe(values[i]);
    });
    return { label: route.path, route, params };
  };

  const server = http.createServer((req, res) => {
    const startedAt = process.hrtime.bigint();
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    const path = pathOf(target);
    const found = match(method, path);
    const route = found.label;
    const infrastructure = isInfrastructurePath(path);

    // The request's server span, made by the HTTP instrumentation (none when tracing is off):
    // named by its route template, as OpenTelemetry's HTTP conventions say.
    const span = trace.getActiveSpan();
    if (found.route) {
      span?.updateName(`${method} ${route}`);
      span?.setAttribute('http.route', route);
    }

    active += 1;
    if (!infrastructure) metrics.inFlight.inc({ method, route });

    const aborted = new AbortController();
    // Bound to the request's context, so the exemplar and the log line carry its trace id.
    const onClose = context.bind(context.active(), () => {
      active -= 1;
      if (!res.writableFinished) aborted.abort();
      const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      const status = res.statusCode;
      if (!infrastructure) {
        metrics.inFlight.dec({ method, route });
        observeRequest(
          metrics,
          { method, route, status_code: String(status) },
          seconds,
        );
      }
      const level = infrastructure ? 'debug' : status >= 500 ? 'error' : 'info';
      logger[level](`${method} ${route} ${status}`, {
        method,
        route,
        path: path.length > MAX_LOGGED_PATH ? `${path.slice(0, MAX_LOGGED_PATH)}…` : path,
        status,
        duration_ms: Math.round(seconds * 1e4) / 10,
        // The client went away (or shutdown closed the connection) before the response ended.
        ...(res.writableFinished ? {} : { aborted: true }),
      });
      if (active === 0) for (const wake of [...idleWaiters]) wake();
    });
    res.once('close', onClose);

    // The routes take no request body: read and drop it, so a keep-alive connection stays usable.
    req.resume();

    const handle = async () => {
      if (!found.route) {
        if (found.allow) {
          sendJson(res, 405, { error: 'method not allowed' }, { Allow: found.allow.join(', ') });
        } else {
          sendJson(res, 404, { error: 'not found' });
        }
        return;
      }
      const query = new URLSearchParams(target.slice(path.length + 1));
      await found.route.handler({
        req,
        res,
        query,
        params: found.params,
        signal: aborted.signal,
      });
    };
    handle().catch(error => {
      // Work given up because nobody waits for the answer any more: nothing went wrong.
      if (aborted.signal.aborted) return;
      span?.recordException(error as Error);
      logger.error('request failed', { method, route, err: error });
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, { error: 'internal error' });
    });
  });

  const waitForIdle = (timeoutMs: number) =>
    new Promise<boolean>(resolve => {
      if (active === 0) {
        resolve(true);
        return;
      }
      const timer = setTimeout(() => {
        idleWaiters.delete(wake);
        resolve(false);
      }, timeoutMs);
      const wake = () => {
        clearTimeout(timer);
        idleWaiters.delete(wake);
        resolve(true);
      };
      idleWaiters.add(wake);
    });

  let stopping: Promise<ShutdownResult> | undefined;
  const shutdown = () => {
    stopping ??= (async () => {
      ready = false;
      logger.info('shutdown: readiness answers 503 from now on');
      if (shutdownDelayMs > 0) {
        logger.info('shutdown: waiting before closing the listener', {
          delay_ms: shutdownDelayMs,
        });
        await sleep(shutdownDelayMs);
      }
      const closed = new Promise<void>(resolve => {
        // Calls back once every connection is gone; with an error when it was not listening.
        server.close(() => resolve());
      });
      // Idle keep-alive connections would otherwise hold the server open until they time out.
      server.closeIdleConnections();
      logger.info('shutdown: stopped accepting connections', { in_flight: active });
      const drained = await waitForIdle(drainTimeoutMs);
      const abandoned = active;
      if (drained) {
        logger.info('shutdown: in-flight requests finished');
      } else {
        logger.warn('shutdown: in-flight requests still running, closing their connections', {
          in_flight: abandoned,
          drain_timeout_ms: drainTimeoutMs,
        });
      }
      // Every request has ended (or run out of time): no connection has anything left to do.
      server.closeAllConnections();
      await closed;
      return { drained, abandoned };
    })();
    return stopping;
  };

  return {
    server,
    metrics,
    inFlight: () => active,
    isReady: () => ready,
    shutdown,
  };
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
