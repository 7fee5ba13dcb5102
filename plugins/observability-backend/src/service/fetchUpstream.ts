import {
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from '../prometheus/errors';
import { withTraceparent } from '../correlation/requestContext';

/**
 * `fetch` to an upstream with its timeout; a timeout becomes a 504 and a network failure a 502,
 * both naming `where` (e.g. "Prometheus instance 'demo'"). Any HTTP status is returned. The
 * request carries the current `traceparent`.
 */
export async function fetchUpstream(
  url: string,
  init: RequestInit,
  where: string,
  timeoutMs: number,
): Promise<Response> {
  try {
    return await fetch(url, {
      ...init,
      headers: withTraceparent(init.headers as Record<string, string>),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') {
      throw new UpstreamTimeoutError(
        `${where} did not answer within ${timeoutMs / 1000}s`,
      );
    }
    const reason = e.cause?.code ?? e.cause?.message ?? e.message;
    throw new UpstreamUnavailableError(`${where} is unreachable (${reason})`);
  }
}
