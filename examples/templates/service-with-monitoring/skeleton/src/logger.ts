import { isSpanContextValid, trace } from '@opentelemetry/api';

/*
 * JSON lines on stdout, one object per line:
 *
 *   {"time":"…","level":"info","msg":"GET /api/hello 200","trace_id":"…","span_id":"…",…}
 *
 * trace_id and span_id are the active span's (the request's server span, while a request is
 * being handled), so a log search finds the trace of a line and the portal's trace view finds
 * the lines of a trace. They are left out when there is no span (tracing off, or outside a
 * request).
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

const SEVERITY: Record<LogLevel, number> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
};

/** The fields every line starts with; `fields` cannot overwrite them. */
const RESERVED = new Set(['time', 'level', 'msg', 'trace_id', 'span_id']);

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  /** Lines below this level are dropped; default info. */
  level?: LogLevel;
  /** Fields on every line, such as the service name. */
  fields?: LogFields;
  /** Where a line goes (without its newline); default stdout. */
  write?: (line: string) => void;
  now?: () => Date;
}

/** `LOG_LEVEL`'s value as a level; undefined when it names none. */
export function parseLogLevel(value: string | undefined): LogLevel | undefined {
  const level = value?.trim().toLowerCase();
  return level && level in SEVERITY ? (level as LogLevel) : undefined;
}

/** Errors as their name, message and stack (JSON.stringify makes `{}` of an Error). */
function serializable(value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = SEVERITY[options.level ?? 'info'];
  const base = options.fields ?? {};
  const write =
    options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());

  const log = (level: LogLevel, msg: string, fields: LogFields = {}) => {
    if (SEVERITY[level] < threshold) return;
    const line: LogFields = { time: now().toISOString(), level, msg };
    const span = trace.getActiveSpan()?.spanContext();
    if (span && isSpanContextValid(span)) {
      line.trace_id = span.traceId;
      line.span_id = span.spanId;
    }
    for (const [key, value] of Object.entries({ ...base, ...fields })) {
      if (!RESERVED.has(key)) line[key] = serializable(value);
    }
    let text: string;
    try {
      text = JSON.stringify(line);
    } catch (error) {
      // A circular field: keep the line, say what was lost.
      text = JSON.stringify({
        time: line.time,
        level,
        msg,
        trace_id: line.trace_id,
        span_id: line.span_id,
        log_error: `fields not serializable: ${(error as Error).message}`,
      });
    }
    write(text);
  };

  return {
    debug: (msg, fields) => log('debug', msg, fields),
    info: (msg, fields) => log('info', msg, fields),
    warn: (msg, fields) => log('warn', msg, fields),
    error: (msg, fields) => log('error', msg, fields),
  };
}
