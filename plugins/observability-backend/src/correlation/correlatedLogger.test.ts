import { LoggerService } from '@backstage/backend-plugin-api';
import { correlatedLogger } from './correlatedLogger';
import { contextFromTraceparent, runWithContext } from './requestContext';

/** A logger that records each line with the fields of the children it was logged through. */
function recordingLogger(
  lines: Array<{ level: string; message: string; fields: object }>,
  fields: object = {},
): LoggerService {
  const at = (level: string) => (message: string, meta?: object) =>
    lines.push({ level, message, fields: { ...fields, ...meta } });
  return {
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    child: meta => recordingLogger(lines, { ...fields, ...meta }),
  };
}

describe('correlatedLogger', () => {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';

  it("puts the current trace id and span on every line, through children too, and the line's own fields", () => {
    const lines: Array<{ level: string; message: string; fields: object }> = [];
    const logger = correlatedLogger(recordingLogger(lines));
    const context = contextFromTraceparent(`00-${traceId}-00f067aa0ba902b7-01`);
    runWithContext(context, () => {
      logger.warn('slow', { route: '/overview' });
      logger.child({ task: 'reconcile' }).info('done');
    });
    expect(lines).toEqual([
      {
        level: 'warn',
        message: 'slow',
        fields: { traceId, spanId: context.spanId, route: '/overview' },
      },
      {
        level: 'info',
        message: 'done',
        fields: { task: 'reconcile', traceId, spanId: context.spanId },
      },
    ]);
  });

  it('logs plain lines outside a request or task', () => {
    const lines: Array<{ level: string; message: string; fields: object }> = [];
    correlatedLogger(recordingLogger(lines)).error('boom');
    expect(lines).toEqual([{ level: 'error', message: 'boom', fields: {} }]);
  });
});
