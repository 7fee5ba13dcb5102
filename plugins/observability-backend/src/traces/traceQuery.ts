import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { parseInput } from '../service/parseInput';
import { TraceFilters } from './TraceBackend';

/*
 * What a caller may ask of an entity's traces: structured fields only. Unknown parameters are
 * refused (a `q`, `tags` or `query.*` never reaches a trace backend), and so is `service`: the
 * service is the entity's annotation, whoever asks.
 */

/** OpenTelemetry attribute names: dotted identifiers, as semantic conventions write them. */
export const ATTRIBUTE_KEY = /^[A-Za-z_][A-Za-z0-9_.\-/]{0,127}$/;
/** C0 controls and DEL: refused in every text a caller or an annotation sends to a trace API. */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const MAX_VALUE = 256;

const plainText = (what: string) =>
  z
    .string()
    .max(MAX_VALUE, `${what} is at most ${MAX_VALUE} characters`)
    .refine(
      v => !CONTROL_CHARACTERS.test(v),
      `${what} must not hold control characters`,
    );

const UNITS: Record<string, number> = { us: 1, µs: 1, ms: 1e3, s: 1e6, m: 6e7 };
/** `250ms`, `1.5s`, `2m`, `800us` or a bare number of milliseconds, in microseconds. */
const duration = z
  .string()
  .regex(
    /^\d+(\.\d+)?(us|µs|ms|s|m)?$/,
    'must be a duration like 250ms, 1.5s or 2m',
  )
  .transform(v => {
    const [, number, unit] = /^([\d.]+)(\D*)$/.exec(v)!;
    return Math.round(Number(number) * UNITS[unit || 'ms']);
  })
  .refine(us => us <= 86_400e6, 'must be at most 24h');

const seconds = z.coerce.number().finite();
const attribute = z
  .string()
  .max(MAX_VALUE + 129, 'attr is too long')
  .transform((v, ctx) => {
    const at = v.indexOf('=');
    const key = at < 0 ? v : v.slice(0, at);
    if (at < 0 || !ATTRIBUTE_KEY.test(key)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `'${v.slice(
          0,
          80,
        )}' must be key=value with an attribute name like http.route`,
      });
      return z.NEVER;
    }
    return { key, value: v.slice(at + 1) };
  })
  .pipe(
    z.object({
      key: z.string(),
      value: plainText('an attribute value'),
    }),
  );

const listQuery = z
  .object({
    from: seconds.optional(),
    to: seconds.optional(),
    operation: plainText('operation').optional(),
    minDuration: duration.optional(),
    maxDuration: duration.optional(),
    error: z.enum(['true', 'false']).optional(),
    attr: z
      .union([attribute, z.array(attribute).max(10, 'at most 10 attr')])
      .optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export interface TraceListQuery extends TraceFilters {
  from?: number;
  to?: number;
  limit: number;
}

function refuseService(query: unknown) {
  if (typeof query === 'object' && query !== null && 'service' in query) {
    throw new InputError(
      `Invalid traces query: service: the service is the entity's observability/trace-service annotation and cannot be chosen`,
    );
  }
}

/** The list route's query, validated; a failure is a 400 naming the parameter. */
export function parseTraceListQuery(query: unknown): TraceListQuery {
  refuseService(query);
  const q = parseInput(listQuery, query, 'traces query');
  if (
    q.minDuration !== undefined &&
    q.maxDuration !== undefined &&
    q.maxDuration < q.minDuration
  ) {
    throw new InputError(
      'Invalid traces query: maxDuration: must not be below minDuration',
    );
  }
  let attributes: TraceFilters['attributes'] = [];
  if (q.attr) attributes = Array.isArray(q.attr) ? q.attr : [q.attr];
  return {
    from: q.from,
    to: q.to,
    limit: q.limit,
    operation: q.operation || undefined,
    minDurationUs: q.minDuration,
    maxDurationUs: q.maxDuration,
    errorOnly: q.error === 'true',
    attributes,
  };
}

const emptyQuery = z.object({}).strict();
/** Routes without parameters refuse any, `service` included. */
export function parseNoQuery(query: unknown, where: string): void {
  refuseService(query);
  parseInput(emptyQuery, query, where);
}

/**
 * A trace id as the APIs write it: hex, up to 32 digits (Jaeger's 64-bit ids are 16), given back
 * as OTLP's 32 lowercase digits.
 */
export function parseTraceId(raw: string): string {
  if (!/^[0-9a-fA-F]{1,32}$/.test(raw) || /^0+$/.test(raw)) {
    throw new InputError(
      `Invalid trace id '${raw.slice(
        0,
        64,
      )}': expected up to 32 hexadecimal digits, not all zero`,
    );
  }
  return raw.toLowerCase().padStart(32, '0');
}
