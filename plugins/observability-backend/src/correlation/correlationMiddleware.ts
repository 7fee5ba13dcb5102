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
 * tracing can still quote the id it was given. The context is only attached to the response
 * here; `enterRequestContext` enters it for the handlers.
 */
export function startRequestContext(): express.RequestHandler {
  return (req, res, next) => {
    const context = contextFromTraceparent(req.headers.traceparent);
    (res as WithContext)[CONTEXT] = context;
    res.setHeader(
      'traceresponse',
      `00-${context.traceId}-${context.spanId}-${context.flags}`,
    );
    next();
  };
}

/**
 * After the body parsers, before the handlers: enters the request's context for everything
 * they do. Entered once, here, because the parsers call next() from the request stream's
 * callbacks, which would run outside a context entered before them (and nothing before the
 * handlers logs or asks upstream: the request's timing reads the context from the response).
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
