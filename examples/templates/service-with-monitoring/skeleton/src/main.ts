/*
 * The service's entry point: `node dist/main.js`.
 *
 * Tracing starts first, before anything loads `http`: OpenTelemetry instruments `http` as it is
 * loaded, and a server created from a module loaded earlier makes no spans, so no trace ids in
 * the logs and no exemplars. That is why ./server is required below, after startTracing, and not
 * imported at the top (TypeScript would hoist an import above the call).
 */
import { DEFAULT_PORT, SERVICE_NAME } from './config';
import { createLogger, parseLogLevel } from './logger';
import { startTracing } from './tracing';

const logger = createLogger({
  level: parseLogLevel(process.env.LOG_LEVEL) ?? 'info',
  fields: { service: SERVICE_NAME },
});

const tracing = startTracing();
if (tracing.enabled) {
  logger.info('tracing on', {
    endpoint: tracing.endpoint,
    service_name: tracing.serviceName,
  });
} else {
  logger.info(
    'tracing off: set OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT to send traces',
  );
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createServer } = require('./server') as typeof import('./server');

/** A whole number from the environment, or the fallback when unset; undefined when invalid. */
function intFromEnv(
  name: string,
  fallback: number,
  max: number,
): number | undefined {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  return Number.isInteger(value) && value >= 0 && value <= max
    ? value
    : undefined;
}

const port = intFromEnv('PORT', DEFAULT_PORT, 65_535);
const shutdownDelayMs = intFromEnv('SHUTDOWN_DELAY_MS', 0, 60_000);
if (port === undefined || shutdownDelayMs === undefined) {
  logger.error('invalid configuration', {
    PORT: process.env.PORT,
    SHUTDOWN_DELAY_MS: process.env.SHUTDOWN_DELAY_MS,
    expected:
      'PORT: a port number, 0 to 65535; SHUTDOWN_DELAY_MS: milliseconds, 0 to 60000',
  });
  process.exit(1);
}

/** The longest shutdown waits for in-flight requests; then it closes their connections. */
const DRAIN_TIMEOUT_MS = 10_000;
/** The longest shutdown waits for the last spans to be exported. */
const TRACING_SHUTDOWN_TIMEOUT_MS = 5_000;

const service = createServer({
  logger,
  shutdownDelayMs,
  drainTimeoutMs: DRAIN_TIMEOUT_MS,
});

service.server.on('error', error => {
  logger.error('server error', { err: error });
  process.exit(1);
});

const host = process.env.HOST?.trim() || undefined;
service.server.listen(port, host, () => {
  const address = service.server.address();
  logger.info('listening', {
    port: typeof address === 'object' && address ? address.port : port,
    host: host ?? 'all interfaces',
  });
});

let stopping = false;

async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) {
    logger.warn('shutdown: second signal, exiting without waiting', { signal });
    process.exit(1);
  }
  stopping = true;
  logger.info('shutdown: signal received', { signal });
  try {
    await service.shutdown();
    logger.info('shutdown: flushing and stopping tracing');
    let timer: NodeJS.Timeout | undefined;
    const flushed = await Promise.race([
      tracing.shutdown().then(() => true),
      new Promise<boolean>(resolve => {
        timer = setTimeout(() => resolve(false), TRACING_SHUTDOWN_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
    if (flushed) logger.info('shutdown: tracing stopped');
    else
      logger.warn('shutdown: tracing did not stop in time, spans may be lost', {
        timeout_ms: TRACING_SHUTDOWN_TIMEOUT_MS,
      });
    logger.info('shutdown: done, exiting', { code: 0 });
    process.exit(0);
  } catch (error) {
    logger.error('shutdown failed', { err: error });
    process.exit(1);
  }
}

// Kubernetes (and most process managers) send SIGTERM; Ctrl-C sends SIGINT.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => void stop(signal));
}

process.on('unhandledRejection', reason => {
  logger.error('unhandled promise rejection', { err: reason });
  process.exit(1);
});
process.on('uncaughtException', error => {
  logger.error('uncaught exception', { err: error });
  process.exit(1);
});
