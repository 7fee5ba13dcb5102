import {
  TraceApi,
  TraceSpan,
  TraceSummary,
} from '@stagewatch/backstage-plugin-observability-common';
import { UpstreamUnavailableError } from '../prometheus/errors';
import { normalizeOtlpSpans } from './normalizeOtlp';
import { TraceBackend, TraceSearch } from './TraceBackend';
import { TraceInstanceConfig } from './traceConfig';
import { getTraceJson, unexpectedAnswer } from './traceHttp';
import { buildTraceQL, traceqlString } from './traceqlQuery';
import { isObject, list, text } from './untrustedJson';

const count = (v: unknown) =>
  Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : 0;

/** One item of `/api/search`'s `traces`, or undefined when it is not one. */
function summaryFromTempo(item: unknown): TraceSummary | undefined {
  if (!isObject(item)) return undefined;
  // Tempo drops leading zeros of trace ids in search results.
  const raw = text(item.traceID).toLowerCase();
  const start = Number(text(item.startTimeUnixNano) || item.startTimeUnixNano);
  if (!/^[0-9a-f]{1,32}$/.test(raw) || !Number.isFinite(start)) {
    return undefined;
  }
  const stats = isObject(item.serviceStats) ? item.serviceStats : undefined;
  let spanCount = 0;
  let errorCount = 0;
  if (stats) {
    for (const s of Object.values(stats)) {
      if (!isObject(s)) continue;
      spanCount += count(s.spanCount);
      errorCount += count(s.errorCount);
    }
  } else {
    // Older Tempo: only the matching spans are known.
    spanCount = list(item.spanSets)
      .map(set => (isObject(set) ? count(set.matched) : 0))
      .reduce((a, b) => a + b, 0);
  }
  const root = text(item.rootServiceName);
  const services = stats ? Object.keys(stats) : [root];
  return {
    traceId: raw.padStart(32, '0'),
    // "<root span not yet received>" is Tempo's word for a partial trace.
    rootService: root.startsWith('<') ? '' : root,
    rootOperation: text(item.rootTraceName),
    startUs: Math.floor(start / 1000),
    // Sub-millisecond traces come without durationMs.
    durationUs: count(item.durationMs) * 1000,
    spanCount,
    errorCount,
    services: [
      ...new Set(services.filter(s => s && !s.startsWith('<'))),
    ].sort(),
  };
}

/**
 * Grafana Tempo's HTTP API: `/api/search` with TraceQL the backend writes, `/api/v2/traces/{id}`
 * (OTLP JSON under `trace`), tag values for operations and `/ready` for health.
 */
export class TempoClient implements TraceBackend {
  readonly type = 'tempo' as const;

  constructor(private readonly instance: TraceInstanceConfig) {}

  get name(): string {
    return this.instance.name;
  }

  async api(): Promise<TraceApi> {
    const answer = await getTraceJson(this.instance, '/ready');
    if (answer.status !== 200) {
      throw new UpstreamUnavailableError(
        `Trace instance '${this.instance.name}' is not ready (/ready: HTTP ${answer.status})`,
      );
    }
    return 'tempo';
  }

  async search(query: TraceSearch): Promise<TraceSummary[]> {
    const path = '/api/search';
    const params = new URLSearchParams({
      q: buildTraceQL(query),
      start: String(Math.floor(query.startUs / 1e6)),
      end: String(Math.ceil(query.endUs / 1e6)),
      limit: String(query.limit),
      spss: '1',
    });
    const answer = await getTraceJson(this.instance, path, params);
    if (answer.status !== 200 || !isObject(answer.body)) {
      throw unexpectedAnswer(this.instance, path, answer);
    }
    return list(answer.body.traces)
      .map(summaryFromTempo)
      .filter((s): s is TraceSummary => s !== undefined)
      .sort((a, b) => b.startUs - a.startUs);
  }

  async trace(traceId: string): Promise<TraceSpan[]> {
    const path = `/api/v2/traces/${traceId}`;
    const answer = await getTraceJson(this.instance, path);
    // Tempo answers an unknown id with an empty trace; older versions with 404.
    if (answer.status === 404) return [];
    if (answer.status !== 200 || !isObject(answer.body)) {
      throw unexpectedAnswer(this.instance, path, answer);
    }
    return normalizeOtlpSpans(answer.body.trace);
  }

  async operations(service: string): Promise<string[]> {
    const path = '/api/v2/search/tag/name/values';
    const params = new URLSearchParams({
      q: `{ resource.service.name = ${traceqlString(service)} }`,
    });
    const answer = await getTraceJson(this.instance, path, params);
    if (answer.status !== 200 || !isObject(answer.body)) {
      throw unexpectedAnswer(this.instance, path, answer);
    }
    const names = list(answer.body.tagValues).map(v =>
      isObject(v) ? text(v.value) : text(v),
    );
    return [...new Set(names.filter(Boolean))].sort();
  }
}
