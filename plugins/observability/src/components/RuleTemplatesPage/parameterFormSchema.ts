import type { RJSFSchema } from '@rjsf/utils';
import type {
  ParameterSchema,
  ParameterSchemaProperty,
} from '@stagewatch/backstage-plugin-observability-common';

/** Prometheus durations: 5m, 1h30m, 500ms. */
export const PROM_DURATION_PATTERN =
  '^(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?$';

/**
 * The template's parameter schema as standard JSON Schema for the form: the plugin's own formats
 * (quantile, ratio, duration, http(s) URI) become bounds and patterns Ajv knows, so the form
 * checks what the backend checks, and the backend stays the authority (the preview says the rest).
 */
export function toFormSchema(parameters: ParameterSchema): RJSFSchema {
  const properties: Record<string, RJSFSchema> = {};
  for (const [name, property] of Object.entries(parameters.properties ?? {})) {
    properties[name] = toFormProperty(property);
  }
  return {
    type: 'object',
    properties,
    ...(parameters.required ? { required: parameters.required } : {}),
  };
}

function toFormProperty(property: ParameterSchemaProperty): RJSFSchema {
  const { format, minimum, maximum, ...rest } = property;
  const out: RJSFSchema = { ...rest };
  if (property.type === 'number') {
    if (minimum !== undefined) out.minimum = minimum;
    if (maximum !== undefined) out.maximum = maximum;
    if (format === 'quantile') {
      out.exclusiveMinimum = 0;
      out.exclusiveMaximum = 1;
    } else if (format === 'ratio') {
      out.minimum = Math.max(0, minimum ?? 0);
      out.maximum = Math.min(1, maximum ?? 1);
    }
  } else if (format === 'duration') {
    out.pattern = PROM_DURATION_PATTERN;
  } else if (format === 'uri') {
    out.pattern = '^https?://\\S+$';
  }
  return out;
}

/** The schema's defaults, the values a template use gets when it names no parameters. */
export function parameterDefaults(
  parameters: ParameterSchema,
): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [name, property] of Object.entries(parameters.properties ?? {})) {
    if (property.default !== undefined) out[name] = property.default;
  }
  return out;
}
