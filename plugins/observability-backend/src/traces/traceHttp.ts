import {
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from '../prometheus/errors';
import { TraceInstanceConfig } from './traceConfig';
import { fetchUpstream } from '../service/fetchUpstream';

export interface TraceHttpAnswer {
  status: number;
  /** The parsed JSON body; `undefined` when it was not JSON. */
  body: unknown;
  /** The start of the raw text, for error messages. */
  text: string;
}

/** Bodies beyond this are refused rather than parsed: a 10,000-span trace is about 10 MB. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * One GET to a trace backend, with the instance's headers and timeout. Network failures and
 * timeouts become 502 and 504 errors naming the instance; any HTTP status is returned to the
 * client, which knows what a 404 means for its API (Jaeger's "No traces found" is an empty list).
 */
export async function getTraceJson(
  instance: TraceInstanceConfig,
  path: string,
  params?: URLSearchParams,
): Promise<TraceHttpAnswer> {
  const query = params && [...params.keys()].length ? `?${params}` : '';
  const where = `Trace instance '${instance.name}'`;
  const response = await fetchUpstream(
    `${instance.baseUrl}${path}${query}`,
    { headers: { Accept: 'application/json', ...instance.headers } },
    where,
    instance.timeoutMs,
  );
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_BODY_BYTES) {
    await response.body?.cancel();
    throw new UpstreamUnavailableError(
      `${where} answered ${length} bytes, more than the ${MAX_BODY_BYTES} accepted`,
    );
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    const e = error as Error;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') {
      throw new UpstreamTimeoutError(
        `${where} did not finish answering within ${
          instance.timeoutMs / 1000
        }s`,
      );
    }
    throw new UpstreamUnavailableError(
      `${where} broke off its answer (${e.message})`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text: text.slice(0, 200) };
}

/** The error for an answer a client did not expect, naming the instance and the route. */
export function unexpectedAnswer(
  instance: TraceInstanceConfig,
  path: string,
  answer: TraceHttpAnswer,
): UpstreamUnavailableError {
  const detail =
    answer.body === undefined
      ? `a body that is not JSON: ${JSON.stringify(answer.text)}`
      : `HTTP ${answer.status}: ${JSON.stringify(answer.text)}`;
  return new UpstreamUnavailableError(
    `Trace instance '${instance.name}' answered ${path} with ${detail}`,
  );
}
