// Types only: this module runs before `http` may be loaded (see main.ts), and a type import
// loads nothing.
import type { IncomingMessage } from 'node:http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { core, NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import { isInfrastructurePath, pathOf, SERVICE_NAME } from './config';

/*
 * OpenTelemetry traces: a server span for every request (and a client span for every outgoing
 * http/https call), W3C trace context in and out, exported as OTLP/HTTP (JSON) in batches.
 *
 * The OpenTelemetry packages are one release line (api 1.9, SDK 2.12, experimental packages
 * 0.223); upgrade them together, never one alone.
 */

export interface Tracing {
  enabled: boolean;
  /** The spans' service.name: the catalog's observability/trace-service annotation names it. */
  serviceName: string;
  /** Where spans go, when enabled. */
  endpoint?: string;
  /** Exports the spans still queued, then stops; safe to call when tracing is off. */
  shutdown(): Promise<void>;
}

/**
 * The OTLP/HTTP traces URL: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as it is, or
 * `OTEL_EXPORTER_OTLP_ENDPOINT` plus `/v1/traces` (as the OpenTelemetry spec defines them).
 */
export function tracesEndpoint(
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return traces;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (base) return `${base.replace(/\/+$/, '')}/v1/traces`;
  return undefined;
}

/**
 * Starts tracing, or does nothing when no endpoint is configured (or `OTEL_SDK_DISABLED=true`):
 * then no span is made, logs carry no trace ids and histograms no exemplars. Must run before
 * `http` is loaded, or incoming requests are not instrumented.
 *
 * Sampling follows the standard variables (`OTEL_TRACES_SAMPLER`, default: sample every request
 * unless the caller's traceparent says not to); resource attributes come from
 * `OTEL_RESOURCE_ATTRIBUTES` and the process and host.
 */
export function startTracing(env: NodeJS.ProcessEnv = process.env): Tracing {
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || SERVICE_NAME;
  const endpoint = tracesEndpoint(env);
  if (!endpoint || env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') {
    return { enabled: false, serviceName, shutdown: async () => {} };
  }

  const sdk = new NodeSDK({
    serviceName,
    // W3C trace context, set explicitly: the `traceparent` header continues the caller's trace
    // and is sent on outgoing calls, whatever OTEL_PROPAGATORS says.
    textMapPropagator: new core.W3CTraceContextPropagator(),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: endpoint }),
      }),
    ],
    // Traces only: Prometheus scrapes the metrics from /metrics and logs go to stdout. Without
    // these two the SDK would also start OTLP metric and log exporters of its own.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes are not traffic: no spans for them.
        ignoreIncomingRequestHook: (req: IncomingMessage) =>
          isInfrastructurePath(pathOf(req.url)),
      }),
    ],
  });
  sdk.start();
  return { enabled: true, serviceName, endpoint, shutdown: () => sdk.shutdown() };
}
