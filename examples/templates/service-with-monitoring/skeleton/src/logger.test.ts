import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { context, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { StackContextManager } from '@opentelemetry/sdk-trace';
import { createLogger, parseLogLevel } from './logger';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';

function captured(options: Parameters<typeof createLogger>[0] = {}) {
  const lines: string[] = [];
  const logger = createLogger({
    now: () => new Date('2030-01-02T03:04:05.678Z'),
    ...options,
    write: line => lines.push(line),
  });
  return { logger, lines };
}

describe('logger', () => {
  // A synchronous context manager, so a span can be made active for the call below.
  before(() => {
    context.setGlobalContextManager(new StackContextManager().enable());
  });
  after(() => context.disable());

  it('writes time, level, msg, then the fields, as one JSON line', () => {
    const { logger, lines } = captured({ fields: { service: 'svc' } });
    logger.info('hello', { status: 200, time: 'not mine' });
    assert.equal(lines.length, 1);
    assert.ok(!lines[0].includes('\n'));
    assert.equal(
      lines[0],
      '{"time":"2030-01-02T03:04:05.678Z","level":"info","msg":"hello","service":"svc","status":200}',
    );
  });

  it("carries the active span's trace and span id", () => {
    const { logger, lines } = captured();
    const active = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceFlags: TraceFlags.SAMPLED,
    });
    context.with(active, () => logger.warn('inside', { n: 1 }));
    logger.warn('outside');
    assert.deepEqual(Object.keys(JSON.parse(lines[0])), [
      'time',
      'level',
      'msg',
      'trace_id',
      'span_id',
      'n',
    ]);
    assert.equal(JSON.parse(lines[0]).trace_id, TRACE_ID);
    assert.equal(JSON.parse(lines[0]).span_id, SPAN_ID);
    assert.ok(!('trace_id' in JSON.parse(lines[1])));
  });

  it('drops lines below its level and serializes errors', () => {
    const { logger, lines } = captured({ level: 'warn' });
    logger.debug('no');
    logger.info('no');
    logger.error('failed', { err: new Error('boom') });
    assert.equal(lines.length, 1);
    const line = JSON.parse(lines[0]);
    assert.equal(line.level, 'error');
    assert.equal(line.err.message, 'boom');
    assert.match(line.err.stack, /Error: boom/);
  });

  it('keeps a line whose fields cannot be serialized', () => {
    const { logger, lines } = captured();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    logger.info('odd', { circular });
    assert.equal(JSON.parse(lines[0]).msg, 'odd');
    assert.match(JSON.parse(lines[0]).log_error, /not serializable/);
  });

  it('reads LOG_LEVEL', () => {
    assert.equal(parseLogLevel(' DEBUG '), 'debug');
    assert.equal(parseLogLevel('verbose'), undefined);
    assert.equal(parseLogLevel(undefined), undefined);
  });
});
