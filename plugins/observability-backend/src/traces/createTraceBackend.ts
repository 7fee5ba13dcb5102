import { JaegerClient } from './JaegerClient';
import { TempoClient } from './TempoClient';
import { TraceBackend } from './TraceBackend';
import { TraceInstanceConfig } from './traceConfig';

/** The client for a configured trace instance, by its type. */
export function createTraceBackend(
  instance: TraceInstanceConfig,
): TraceBackend {
  return instance.type === 'tempo'
    ? new TempoClient(instance)
    : new JaegerClient(instance);
}
