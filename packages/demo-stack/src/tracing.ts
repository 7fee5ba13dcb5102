import { IncomingMessage, RequestOptions } from 'node:http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import { DEMO_TRAFFIC_HEADER } from './trafficHeader';

const UNTRACED_PATHS = new Set(['/metrics', '/healthz', '/alert-sink']);

/**
 * OpenTelemetry for a demo service: HTTP server and client spans, W3C trace context, OTLP/HTTP
 * JSON to `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (the demo's trace store). Must run before the
 * `http` module is loaded, or nothing is instrumented; without the endpoint it does nothing.
 * The OpenTelemetry packages are the 0.223 / 2.12 line, the last that supports Node 20 (the
 * 0.30x / 3.x line needs Node 22.15+); never mix the two families.
 */
export function startTracing(
  serviceName: string,
): { shutdown(): Promise<void> } | undefined {
  const url = process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (!url) return undefined;
  const sdk = new NodeSDK({
    serviceName,
    // The demo's resource is its service name; host and process detectors only add noise.
    autoDetectResources: false,
    spanProcessors: [
      // A short delay: a trace shows up in the portal a second after the request.
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url }),
        scheduledDelayMillis: 1000,
        maxQueueSize: 4096,
      }),
    ],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req: IncomingMessage) =>
          UNTRACED_PATHS.has((req.url ?? '').split('?')[0]),
        ignoreOutgoingRequestHook: (req: RequestOptions) => {
          const headers = (req.headers ?? {}) as Record<string, unknown>;
          // Exports to the trace store and the generator's own requests are not traced.
          return (
            headers[DEMO_TRAFFIC_HEADER] !== undefined ||
            String(req.path ?? '').startsWith('/v1/traces')
          );
        },
      }),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
