import { safeHttpUrl } from '../safeUrl';
import type { ParameterSchema, ParameterSchemaProperty } from './ruleTemplate';

/**
 * What a parameter is, which decides how its value is checked and where it may appear. Only
 * numbers and durations may land inside PromQL, and only in forms the checks below allow, so no
 * value can change the shape of a query.
 *
 * @public
 */
export type ParameterKind =
  | 'number'
  | 'quantile'
  | 'ratio'
  | 'duration'
  | 'enum'
  | 'url'
  | 'text';

/**
 * Kinds whose values may be put into an expression.
 *
 * @public
 */
export const EXPR_PARAMETER_KINDS: ReadonlySet<ParameterKind> = new Set([
  'number',
  'quantile',
  'ratio',
  'duration',
]);

/** @public */
export type ParameterValue = number | string;

/**
 * A parameter name: what `${name}` can refer to.
 *
 * @public
 */
export const PARAMETER_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Enum values end up in labels; keep them to what reads well there and in a matcher. */
const ENUM_VALUE_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

const DURATION_PATTERN =
  /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const DURATION_UNITS = [31536000, 604800, 86400, 3600, 60, 1, 0.001];

/**
 * Prometheus' duration syntax (`5m`, `1h30m`, `500ms`) → seconds, or undefined.
 *
 * @public
 */
export function parsePromDuration(value: string): number | undefined {
  if (value === '' || value.length > 32) return undefined;
  const match = DURATION_PATTERN.exec(value);
  if (!match) return undefined;
  let seconds = 0;
  for (let i = 1; i < match.length; i++) {
    if (match[i] !== undefined)
      seconds += Number(match[i]) * DURATION_UNITS[i - 1];
  }
  return seconds;
}

/** Free text in labels and annotations: short, and never Prometheus template syntax. */
const TEXT_MAX_LENGTH = 1024;

/** @public */
export class ParameterError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'ParameterError';
  }
}

/**
 * The kind of a schema property, or an error saying what is unsupported about it.
 *
 * @public
 */
export function parameterKind(
  name: string,
  prop: ParameterSchemaProperty,
): ParameterKind {
  const field = `parameters.properties.${name}`;
  if (!prop || typeof prop !== 'object') {
    throw new ParameterError(field, 'must be an object');
  }
  if (prop.type === 'number') {
    if (prop.enum !== undefined) {
      throw new ParameterError(field, 'enum is for string parameters');
    }
    if (prop.format === undefined) return 'number';
    if (prop.format === 'quantile') return 'quantile';
    if (prop.format === 'ratio') return 'ratio';
    throw new ParameterError(
      field,
      `format of a number must be quantile or ratio, got ${JSON.stringify(
        prop.format,
      )}`,
    );
  }
  if (prop.type === 'string') {
    if (prop.enum !== undefined) {
      if (
        !Array.isArray(prop.enum) ||
        prop.enum.length === 0 ||
        !prop.enum.every(
          v => typeof v === 'string' && ENUM_VALUE_PATTERN.test(v),
        )
      ) {
        throw new ParameterError(
          field,
          'enum must be a non-empty list of values made of letters, digits, _ . : -',
        );
      }
      return 'enum';
    }
    if (prop.format === undefined) return 'text';
    if (prop.format === 'duration') return 'duration';
    if (prop.format === 'uri') return 'url';
    throw new ParameterError(
      field,
      `format of a string must be duration or uri, got ${JSON.stringify(
        prop.format,
      )}`,
    );
  }
  throw new ParameterError(
    field,
    `type must be number or string, got ${JSON.stringify(prop.type)}`,
  );
}

/**
 * Checks one value against its property; returns it in canonical form.
 *
 * @public
 */
export function checkParameterValue(
  name: string,
  prop: ParameterSchemaProperty,
  value: unknown,
  fieldPrefix = 'params',
): ParameterValue {
  const field = `${fieldPrefix}.${name}`;
  const kind = parameterKind(name, prop);
  switch (kind) {
    case 'number':
    case 'quantile':
    case 'ratio': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new ParameterError(
          field,
          `must be a number, got ${JSON.stringify(value)}`,
        );
      }
      if (kind === 'quantile' && !(value > 0 && value < 1)) {
        throw new ParameterError(
          field,
          `must be a quantile between 0 and 1 (exclusive), got ${value}`,
        );
      }
      if (kind === 'ratio' && !(value >= 0 && value <= 1)) {
        throw new ParameterError(
          field,
          `must be a ratio from 0 to 1, got ${value}`,
        );
      }
      if (prop.minimum !== undefined && value < prop.minimum) {
        throw new ParameterError(
          field,
          `must be at least ${prop.minimum}, got ${value}`,
        );
      }
      if (prop.maximum !== undefined && value > prop.maximum) {
        throw new ParameterError(
          field,
          `must be at most ${prop.maximum}, got ${value}`,
        );
      }
      return value;
    }
    case 'duration': {
      if (typeof value !== 'string' || parsePromDuration(value) === undefined) {
        throw new ParameterError(
          field,
          `must be a Prometheus duration like 30s, 5m or 500ms, got ${JSON.stringify(
            value,
          )}`,
        );
      }
      const seconds = parsePromDuration(value)!;
      if (prop.minimum !== undefined && seconds < prop.minimum) {
        throw new ParameterError(
          field,
          `must be at least ${prop.minimum}s, got ${value}`,
        );
      }
      if (prop.maximum !== undefined && seconds > prop.maximum) {
        throw new ParameterError(
          field,
          `must be at most ${prop.maximum}s, got ${value}`,
        );
      }
      return value;
    }
    case 'enum': {
      if (typeof value !== 'string' || !prop.enum!.includes(value)) {
        throw new ParameterError(
          field,
          `must be one of ${prop.enum!.join(', ')}, got ${JSON.stringify(
            value,
          )}`,
        );
      }
      return value;
    }
    case 'url': {
      const url = safeHttpUrl(value);
      if (url === undefined || (value as string).length > 2048) {
        throw new ParameterError(
          field,
          `must be an http(s) URL, got ${JSON.stringify(value)?.slice(0, 100)}`,
        );
      }
      if (/\{\{|\}\}/.test(url)) {
        throw new ParameterError(field, 'must not contain {{ or }}');
      }
      return url;
    }
    default: {
      if (typeof value !== 'string' || value.length > TEXT_MAX_LENGTH) {
        throw new ParameterError(
          field,
          `must be text of at most ${TEXT_MAX_LENGTH} characters`,
        );
      }
      // Labels and annotations are Prometheus templates: a value must never add template actions.
      if (/\{\{|\}\}/.test(value)) {
        throw new ParameterError(field, 'must not contain {{ or }}');
      }
      return value;
    }
  }
}

/**
 * Checks a template's parameter schema, including that every default is a valid value.
 *
 * @public
 */
export function checkParameterSchema(
  schema: unknown,
): Map<string, ParameterKind> {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) {
    throw new ParameterError('parameters', 'must be a JSON Schema object');
  }
  const s = schema as Partial<ParameterSchema>;
  if (s.type !== 'object') {
    throw new ParameterError('parameters.type', 'must be "object"');
  }
  if (
    !s.properties ||
    typeof s.properties !== 'object' ||
    Array.isArray(s.properties)
  ) {
    throw new ParameterError('parameters.properties', 'must be an object');
  }
  const kinds = new Map<string, ParameterKind>();
  for (const [name, prop] of Object.entries(s.properties)) {
    if (name === 'entity' || name === 'signal') {
      throw new ParameterError(
        `parameters.properties.${name}`,
        `'${name}' is reserved: \${${name}${
          name === 'signal' ? ':…' : ''
        }} is filled by the plugin`,
      );
    }
    if (!PARAMETER_NAME_PATTERN.test(name) || name.length > 64) {
      throw new ParameterError(
        `parameters.properties.${name}`,
        'a parameter name is letters, digits and _ and starts with a letter or _',
      );
    }
    kinds.set(name, parameterKind(name, prop));
    if (prop.default !== undefined) {
      checkParameterValue(name, prop, prop.default, 'parameters.properties');
    }
  }
  for (const name of s.required ?? []) {
    if (!kinds.has(name)) {
      throw new ParameterError(
        'parameters.required',
        `names no property '${name}'`,
      );
    }
  }
  return kinds;
}

/**
 * The values a use of a template renders with: its given params over the schema's defaults.
 * Unknown params and missing required ones are errors, named by field.
 *
 * @public
 */
export function resolveParameters(
  schema: ParameterSchema,
  given: Record<string, unknown> | undefined,
): Record<string, ParameterValue> {
  const values: Record<string, ParameterValue> = {};
  for (const name of Object.keys(given ?? {})) {
    if (!Object.prototype.hasOwnProperty.call(schema.properties, name)) {
      throw new ParameterError(
        `params.${name}`,
        `is not a parameter of this template (it has ${
          Object.keys(schema.properties).join(', ') || 'none'
        })`,
      );
    }
  }
  for (const [name, prop] of Object.entries(schema.properties)) {
    const value = given?.[name] ?? prop.default;
    if (value === undefined) {
      if (schema.required?.includes(name)) {
        throw new ParameterError(`params.${name}`, 'is required');
      }
      continue;
    }
    values[name] = checkParameterValue(name, prop, value);
  }
  return values;
}
