import {
  summarizeTraces,
  TraceApi,
  TraceSpan,
  TraceSummary,
} from '@stagewatch/backstage-plugin-observability-common';
import { UpstreamUnavailableError } from '../prometheus/errors';
import { normalizeJaegerV1Response } from './normalizeJaegerV1';
import { normalizeOtlpSpans } from './normalizeOtlp';
import { TraceBackend, TraceFilters, TraceSearch } from './TraceBackend';
import { TraceInstanceConfig } from './traceConfig';
import { getTraceJson, TraceHttpAnswer, unexpectedAnswer } from './traceHttp';
import { isObject, list, text } from './untrustedJson';

type JaegerApi = 'jaeger-api-v3' | 'jaeger-v1';

/** A Go duration Jaeger parses (`time.ParseDuration` takes `us`). */
const goDuration = (us: number) => `${Math.round(us)}us`;
const rfc3339 = (us: number) => new Date(Math.floor(us / 1000)).toISOString();

/** Jaeger's api_v3 answers an empty search or an unknown trace with this 404, not `[]`. */
function isNoTracesFound(answer: TraceHttpAnswer): boolean {
  if (answer.status !== 404 || !isObject(answer.body)) return false;
  const error = answer.body.error;
  return isObject(error) && /no traces? found/i.test(text(error.message));
}

/**
 * The tag filters both Jaeger APIs take as one JSON object: span attributes, plus `error=true`,
 * which Jaeger matches against OTLP status ERROR. Written by JSON.stringify, so a value cannot
 * break out of its string.
 */
function tagFilter(filters: TraceFilters): string | undefined {
  const tags: Record<string, string> = {};
  for (const { key, value } of filters.attributes) tags[key] = value;
  if (filters.errorOnly) tags.error = 'true';
  return Object.keys(tags).length ? JSON.stringify(tags) : undefined;
}

function summaryFromV3(item: unknown): TraceSummary | undefined {
  if (!isObject(item)) return undefined;
  const traceId = text(item.traceId).toLowerCase();
  const start = Number(text(item.minStartTimeUnixNano));
  const end = Number(text(item.maxEndTimeUnixNano));
  if (!/^[0-9a-f]{32}$/.test(traceId) || !Number.isFinite(start)) {
    return undefined;
  }
  // The snapshot gives services as objects; accept plain names too.
  const services = list(item.services)
    .map(s => (isObject(s) ? text(s.name) : text(s)))
    .filter(Boolean);
  const count = (v: unknown) =>
    Number.isFinite(Number(v)) ? Math.max(0, Number(v)) : 0;
  return {
    traceId,
    rootService: text(item.rootServiceName),
    rootOperation: text(item.rootOperationName),
    startUs: Math.floor(start / 1000),
    durationUs: Number.isFinite(end) ? Math.max(0, (end - start) / 1000) : 0,
    spanCount: count(item.spanCount),
    errorCount: count(item.errorSpanCount),
    services: [...new Set(services)].sort(),
  };
}

/**
 * Jaeger's query service. It speaks api_v3 (OTLP JSON) from v1.53 on and the v1 JSON API until
 * v2.20; which one is found out once, on first use, and reported by `/health`. Searches prefer
 * `/api/v3/trace-summaries` (v2.19+), which sums up traces on the server instead of sending
 * every span of every match.
 */
export class JaegerClient implements TraceBackend {
  readonly type = 'jaeger' as const;
  private detected?: Promise<JaegerApi>;
  private hasSummaries = true;

  constructor(private readonly instance: TraceInstanceConfig) {}

  get name(): string {
    return this.instance.name;
  }

  /** Asks the instance now (for `/health`): the API found once, checked to still answer. */
  async api(): Promise<TraceApi> {
    const api = await this.detectedApi();
    const path = api === 'jaeger-api-v3' ? '/api/v3/services' : '/api/services';
    const answer = await getTraceJson(this.instance, path);
    if (answer.status !== 200) {
      this.detected = undefined;
      throw unexpectedAnswer(this.instance, path, answer);
    }
    return api;
  }

  private detectedApi(): Promise<JaegerApi> {
    if (!this.detected) {
      this.detected = this.detect();
      // A failure (the instance is down) is forgotten, so the next request asks again.
      this.detected.catch(() => {
        this.detected = undefined;
      });
    }
    return this.detected;
  }

  private async detect(): Promise<JaegerApi> {
    const v3 = await getTraceJson(this.instance, '/api/v3/services');
    if (v3.status === 200 && isObject(v3.body)) return 'jaeger-api-v3';
    const v1 = await getTraceJson(this.instance, '/api/services');
    if (v1.status === 200 && isObject(v1.body)) return 'jaeger-v1';
    throw new UpstreamUnavailableError(
      `Trace instance '${this.instance.name}' answers neither Jaeger's api_v3 (/api/v3/services: HTTP ${v3.status}) nor its v1 API (/api/services: HTTP ${v1.status})`,
    );
  }

  async search(query: TraceSearch): Promise<TraceSummary[]> {
    return (await this.detectedApi()) === 'jaeger-api-v3'
      ? this.searchV3(query)
      : this.searchV1(query);
  }

  async trace(traceId: string): Promise<TraceSpan[]> {
    if ((await this.detectedApi()) === 'jaeger-api-v3') {
      const path = `/api/v3/traces/${traceId}`;
      const answer = await getTraceJson(this.instance, path);
      if (isNoTracesFound(answer) || answer.status === 404) return [];
      if (answer.status !== 200 || !isObject(answer.body)) {
        throw unexpectedAnswer(this.instance, path, answer);
      }
      return normalizeOtlpSpans(answer.body.result);
    }
    const path = `/api/traces/${traceId}`;
    const answer = await getTraceJson(this.instance, path);
    if (answer.status === 404) return [];
    if (answer.status !== 200 || !isObject(answer.body)) {
      throw unexpectedAnswer(this.instance, path, answer);
    }
    return normalizeJaegerV1Response(answer.body);
  }

  async operations(service: string): Promise<string[]> {
    const v3 = (await this.detectedApi()) === 'jaeger-api-v3';
    const path = v3
      ? '/api/v3/operations'
      : `/api/services/${encodeURIComponent(service)}/operations`;
    const answer = await getTraceJson(
      this.instance,
      path,
      v3 ? new URLSearchParams({ service }) : undefined,
    );
    if (answer.status !== 200 || !isObject(answer.body)) {
      throw unexpectedAnswer(this.instance, path, answer);
    }
    const names = v3
      ? list(answer.body.operations).map(o => (isObject(o) ? text(o.name) : ''))
      : list(answer.body.data).map(text);
    return [...new Set(names.filter(Boolean))].sort();
  }

  private v3Params(query: TraceSearch): URLSearchParams {
    // snake_case: the spelling every Jaeger with api_v3 understands (v1.53 to main).
    const params = new URLSearchParams({
      'query.service_name': query.service,
      'query.start_time_min': rfc3339(query.startUs),
      'query.start_time_max': rfc3339(query.endUs),
      'query.num_traces': String(query.limit),
    });
    if (query.operation) params.set('query.operation_name', query.operation);
    if (query.minDurationUs !== undefined) {
      params.set('query.duration_min', goDuration(query.minDurationUs));
    }
    if (query.maxDurationUs !== undefined) {
      params.set('query.duration_max', goDuration(query.maxDurationUs));
    }
    const tags = tagFilter(query);
    if (tags) params.set('query.attributes', tags);
    return params;
  }

  private async searchV3(query: TraceSearch): Promise<TraceSummary[]> {
    const params = this.v3Params(query);
    if (this.hasSummaries) {
      const path = '/api/v3/trace-summaries';
      const answer = await getTraceJson(this.instance, path, params);
      if (isNoTracesFound(answer)) return [];
      if (answer.status === 200 && isObject(answer.body)) {
        return list(answer.body.summaries)
          .map(summaryFromV3)
          .filter((s): s is TraceSummary => s !== undefined)
          .sort((a, b) => b.startUs - a.startUs);
      }
      // Older than v2.19: the route does not exist (a plain-text 404 or 405).
      if (answer.status !== 404 && answer.status !== 405) {
        throw unexpectedAnswer(this.instance, path, answer);
      }
      this.hasSummaries = false;
    }
    const path = '/api/v3/traces';
    const answer = await getTraceJson(this.instance, path, params);
    if (isNoTracesFound(answer)) return [];
    if (answer.status !== 200 || !isObject(answer.body)) {
      throw unexpectedAnswer(this.instance, path, answer);
    }
    return summarizeTraces(normalizeOtlpSpans(answer.body.result));
  }

  private async searchV1(query: TraceSearch): Promise<TraceSummary[]> {
    const params = new URLSearchParams({
      service: query.service,
      start: String(Math.floor(query.startUs)),
      end: String(Math.ceil(query.endUs)),
      limit: String(query.limit),
    });
    if (query.operation) params.set('operation', query.operation);
    if (query.minDurationUs !== undefined) {
      params.set('minDuration', goDuration(query.minDurationUs));
    }
    if (query.maxDurationUs !== undefined) {
      params.set('maxDuration', goDuration(query.maxDurationUs));
    }
    const tags = tagFilter(query);
    if (tags) params.set('tags', tags);
    const path = '/api/traces';
    const answer = await getTraceJson(this.instance, path, params);
    if (answer.status !== 200 || !isObject(answer.body)) {
      throw unexpectedAnswer(this.instance, path, answer);
    }
    return summarizeTraces(normalizeJaegerV1Response(answer.body));
  }
}
