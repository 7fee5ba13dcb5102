import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CustomErrorBase, InputError } from '@backstage/errors';
import {
  ANNOTATION_TRACE_INSTANCE,
  ANNOTATION_TRACE_SERVICE,
} from '@stagewatch/backstage-plugin-observability-common';
import { TraceInstanceConfig } from './traceConfig';
import { CONTROL_CHARACTERS } from './traceQuery';

/**
 * Traces are not set up for the entity: no trace instance in config, or no
 * `observability/trace-service` annotation. A 400 with its own name, so the page can show the
 * empty state that says which (and how to fix it) instead of a failure.
 */
export class TracesNotConfiguredError extends CustomErrorBase {
  name = 'TracesNotConfiguredError';
  statusCode = 400;
  constructor(message: string, readonly reason: 'no-instance' | 'no-service') {
    super(message);
  }
}

/** The entity's trace service and instance, from its annotations; any problem is a named 400. */
export function resolveTraceSource(
  entity: Entity,
  instances: TraceInstanceConfig[],
): { service: string; instance: TraceInstanceConfig } {
  const entityRef = stringifyEntityRef(entity);
  const annotations = entity.metadata.annotations ?? {};
  if (instances.length === 0) {
    throw new TracesNotConfiguredError(
      'No trace instance is configured: set observability.traces.instances in app-config',
      'no-instance',
    );
  }
  const service = annotations[ANNOTATION_TRACE_SERVICE]?.trim();
  if (!service) {
    throw new TracesNotConfiguredError(
      `${entityRef} has no ${ANNOTATION_TRACE_SERVICE} annotation, so it has no traces`,
      'no-service',
    );
  }
  if (service.length > 256 || CONTROL_CHARACTERS.test(service)) {
    throw new InputError(
      `${entityRef}: annotation ${ANNOTATION_TRACE_SERVICE} must be a service.name of at most 256 characters without control characters`,
    );
  }
  const name =
    annotations[ANNOTATION_TRACE_INSTANCE]?.trim() || instances[0].name;
  const instance = instances.find(i => i.name === name);
  if (!instance) {
    throw new InputError(
      `${entityRef}: annotation ${ANNOTATION_TRACE_INSTANCE} names '${name}', which is not configured; known trace instances: ${instances
        .map(i => i.name)
        .join(', ')}`,
    );
  }
  return { service, instance };
}
