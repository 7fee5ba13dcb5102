import { CustomErrorBase } from '@backstage/errors';

/**
 * Upstream failures, each with the HTTP status the API answers (Backstage's error middleware
 * reads `statusCode`). Messages name the instance so an operator knows where to look.
 */
export class UpstreamUnavailableError extends CustomErrorBase {
  name = 'UpstreamUnavailableError';
  statusCode = 502;
}

export class UpstreamTimeoutError extends CustomErrorBase {
  name = 'UpstreamTimeoutError';
  statusCode = 504;
}

/** Prometheus refused the query; `statusCode` is its own (400 bad_data or 422 execution). */
export class UpstreamQueryError extends CustomErrorBase {
  name = 'UpstreamQueryError';
  constructor(message: string, readonly statusCode: 400 | 422) {
    super(message);
  }
}
