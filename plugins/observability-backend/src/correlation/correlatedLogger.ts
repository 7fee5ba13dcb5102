import { LoggerService } from '@backstage/backend-plugin-api';
import { currentContext } from './requestContext';

type Level = 'error' | 'warn' | 'info' | 'debug';

/**
 * The plugin's logger with the current trace id on every line (`traceId` and `spanId`, the
 * field names of OpenTelemetry log records), so a slow tab load's lines can be found by the id
 * its browser or load balancer sent. Outside a request or task it logs as the plain logger.
 */
export function correlatedLogger(logger: LoggerService): LoggerService {
  const at =
    (level: Level): LoggerService[Level] =>
    (message, meta) => {
      const context = currentContext();
      const target = context
        ? logger.child({ traceId: context.traceId, spanId: context.spanId })
        : logger;
      target[level](message, meta);
    };
  return {
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    child: meta => correlatedLogger(logger.child(meta)),
  };
}
