import express from 'express';
import {
  contextFromTraceparent,
  RequestContext,
  runWithContext,
} from './requestContext';

const CONTEXT = Symbol('observabilityRequestContext');
type WithContext = express.Response & { [CONTEXT]?: RequestContext };

/** The trace context `startRequestContext` gave this request. */
export function contextOf(res: express.Response): RequestContext | undefined {
  return (res as WithContext)[CONTEXT];
}

/**
 * First on the router: gives the request its trace context (the caller's `traceparent`, or a
 * new trace) and answers with `traceresponse` (W3C Trace Context Level 2), so a client without
 * tracing can still quote the id it was given.
 */
export function startRequestContext(): express.RequestHandler {
  return (req, res, next) => {
    const context = contextFromTraceparent(req.headers.traceparent);
    (res as WithContext)[CONTEXT] = context;
    res.setHeader(
      'traceresponse',
      `00-${context.traceId}-${context.spanId}-${context.flags}`,
    );
    runWithContext(context, () => next());
  };
}

/**
 * After the body parsers: they call next() from the request stream's callbacks, which run
 * outside the context entered before them, so the handlers enter it again here.
 */
export function enterRequestContext(): express.RequestHandler {
  return (_req, res, next) => {
    const context = contextOf(res);
    if (!context) {
      next();
      return;
    }
    runWithContext(context, () => next());
  };
}
