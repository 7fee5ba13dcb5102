import { LoggerService } from '@backstage/backend-plugin-api';
import express from 'express';
import { contextOf } from '../correlation/correlationMiddleware';
import { PluginMetrics } from './PluginMetrics';

/**
 * Times every request to the plugin's router by method, route pattern (never the raw path: an
 * entity name in a label would make one series per entity) and status code, and logs the ones
 * that failed on our side or were slow, with their trace id: the line an SRE finds from a
 * complaint about one slow tab.
 */
export function httpMetricsMiddleware(
  metrics: PluginMetrics,
  logger: LoggerService,
  slowMs = 1000,
): express.RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const pattern: unknown = req.route?.path;
      const route = typeof pattern === 'string' ? pattern : 'unmatched';
      const status = res.statusCode;
      metrics.httpRequestDuration.observe(
        { method: req.method, route, status: String(status) },
        seconds,
      );
      if (status >= 500 || seconds * 1000 >= slowMs) {
        const context = contextOf(res);
        logger.warn(
          `${req.method} ${route} answered ${status} in ${Math.round(
            seconds * 1000,
          )} ms`,
          {
            ...(context
              ? { traceId: context.traceId, spanId: context.spanId }
              : {}),
            route,
            status,
            durationMs: Math.round(seconds * 1000),
          },
        );
      }
    });
    next();
  };
}
