import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/**
 * The W3C trace context of the work in progress: an incoming request's `traceparent`, or a new
 * one for a request without it and for each scheduled task run. Kept in AsyncLocalStorage so
 * that every log line and every upstream request made on its behalf carries the same trace id,
 * however deep in the call tree, without threading it through every signature.
 */
export interface RequestContext {
  /** 32 lowercase hex digits, never all zero. */
  traceId: string;
  /** The caller's span (16 hex digits): ours is a child of it. */
  parentSpanId?: string;
  /** The span this backend works in; upstream requests name it as their parent. */
  spanId: string;
  /** The caller's flags (`01` sampled); ours when we started the trace. */
  flags: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

// version 00 only: `version-traceid-parentid-flags`, lowercase hex (W3C Trace Context, 3.2).
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ALL_ZERO = /^0+$/;

// Ids from a pool of random bytes drawn 4 KiB at a time: one randomBytes call per request was a
// measurable share of a warm request's CPU. Never all zero: the spec makes that invalid.
let pool = randomBytes(4096);
let offset = 0;
function hex(bytes: number): string {
  if (offset + bytes > pool.length) {
    pool = randomBytes(4096);
    offset = 0;
  }
  const id = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return ALL_ZERO.test(id) ? hex(bytes) : id;
}

/**
 * A context for a request with this `traceparent` header; a new trace when it is missing or
 * malformed (an invalid header is ignored, as the spec asks, never echoed).
 */
export function contextFromTraceparent(header: unknown): RequestContext {
  const value = Array.isArray(header) ? header[0] : header;
  const match =
    typeof value === 'string' ? TRACEPARENT.exec(value.trim()) : null;
  if (match && !ALL_ZERO.test(match[1]) && !ALL_ZERO.test(match[2])) {
    return {
      traceId: match[1],
      parentSpanId: match[2],
      spanId: hex(8),
      flags: match[3],
    };
  }
  return newContext();
}

/** A new trace, for work no request asked for (scheduled tasks). */
export function newContext(): RequestContext {
  return { traceId: hex(16), spanId: hex(8), flags: '01' };
}

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** The `traceparent` to send upstream from the current context; undefined outside one. */
export function outgoingTraceparent(): string | undefined {
  const context = storage.getStore();
  return context
    ? `00-${context.traceId}-${context.spanId}-${context.flags}`
    : undefined;
}

/** `headers` plus the current `traceparent`: every upstream request is made through this. */
export function withTraceparent(
  headers: Record<string, string> = {},
): Record<string, string> {
  const traceparent = outgoingTraceparent();
  return traceparent ? { ...headers, traceparent } : headers;
}
