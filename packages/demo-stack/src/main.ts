/*
 * Entry point of one demo service process:
 *   node --require @backstage/cli/config/nodeTransform.cjs src/main.ts <service> [port]
 * Environment: DEMO_INCIDENT_PERIOD_SECONDS, DEMO_INCIDENT_DURATION_SECONDS,
 * DEMO_INCIDENT_OFFSET_SECONDS (set DURATION to 0 to switch incidents off), DEMO_RATE_MULTIPLIER;
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (OTLP/HTTP JSON, e.g. the trace store's .../v1/traces; unset:
 * no tracing) and DEMO_PEER_<NAME>_URL (checkout's payments and inventory; unset: no peer calls).
 */
import { getDemoService } from './serviceCatalog';
import { defaultIncidentSchedule, IncidentSchedule } from './behaviour';
import { startTracing } from './tracing';
import { peerUrlsFromEnv } from './peerCalls';

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${name} must be a non-negative number, got '${raw}'`);
  }
  return value;
}

async function main() {
  const [name, portArg] = process.argv.slice(2);
  if (!name) {
    throw new Error('usage: main.ts <checkout|payments|inventory> [port]');
  }
  const definition = getDemoService(name);
  const port = portArg ? Number(portArg) : definition.defaultPort;
  const schedule: IncidentSchedule = {
    periodSeconds: numberFromEnv(
      'DEMO_INCIDENT_PERIOD_SECONDS',
      defaultIncidentSchedule.periodSeconds,
    ),
    durationSeconds: numberFromEnv(
      'DEMO_INCIDENT_DURATION_SECONDS',
      defaultIncidentSchedule.durationSeconds,
    ),
    offsetSeconds: numberFromEnv(
      'DEMO_INCIDENT_OFFSET_SECONDS',
      defaultIncidentSchedule.offsetSeconds,
    ),
  };
  // Tracing first: OpenTelemetry instruments `http` only if it is loaded after this.
  const tracing = startTracing(definition.name);
  // Loaded only now, after tracing started (a static import would load `http` first).
  const { startDemoServer } =
    require('./demoServer') as typeof import('./demoServer');
  const { startTrafficGenerator } =
    require('./trafficGenerator') as typeof import('./trafficGenerator');
  const server = await startDemoServer({
    definition,
    port,
    schedule,
    peers: peerUrlsFromEnv(),
  });
  const traffic = startTrafficGenerator({
    definition,
    port: server.port,
    rateMultiplier: numberFromEnv('DEMO_RATE_MULTIPLIER', 1),
  });
  process.stdout.write(
    `demo service ${name} listening on http://127.0.0.1:${server.port}/metrics\n`,
  );

  const shutdown = async () => {
    traffic.stop();
    await server.close();
    // Flushes the last spans; the trace store may already be gone when the stack stops.
    await tracing?.shutdown().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? error.message : error}\n`);
  process.exit(1);
});
