import {
  ExemplarsResponse,
  LatencyExemplar,
} from '@stagewatch/backstage-plugin-observability-common';
import { PluginMetrics } from '../metrics/PluginMetrics';
import { QueryExecutor } from '../prometheus/QueryExecutor';
import { timedUpstream } from '../metrics/timedUpstream';
import { CoalescingCache } from '../service/CoalescingCache';
import { isObject, list, text } from './untrustedJson';
import {
  ResolvedEntityScope,
  scopeQuery,
} from '@stagewatch/backstage-plugin-observability-node';

/** The label names instrumentations give the trace id: OTel/prom-client, Tempo, prom-client's default metrics. */
const TRACE_ID_LABELS = ['trace_id', 'traceID', 'traceId'];
const SPAN_ID_LABELS = ['span_id', 'spanID', 'spanId'];
/** Enough dots for a chart; the newest are kept. */
const MAX_EXEMPLARS = 500;

function firstLabel(labels: Record<string, unknown>, names: string[]): string {
  for (const name of names) {
    const value = text(labels[name]);
    if (value) return value;
  }
  return '';
}

function stringLabels(v: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  if (!isObject(v)) return labels;
  for (const [k, value] of Object.entries(v)) {
    if (k !== '__name__' && typeof value === 'string') labels[k] = value;
  }
  return labels;
}

/** Reads Prometheus' untrusted exemplar `data` into exemplars with a valid trace id. */
export function readExemplars(data: unknown): {
  exemplars: LatencyExemplar[];
  withoutTraceId: number;
} {
  const exemplars: LatencyExemplar[] = [];
  let withoutTraceId = 0;
  for (const series of list(data)) {
    if (!isObject(series)) continue;
    const seriesLabels = stringLabels(series.seriesLabels);
    for (const e of list(series.exemplars)) {
      if (!isObject(e) || !isObject(e.labels)) continue;
      const raw = firstLabel(e.labels, TRACE_ID_LABELS).toLowerCase();
      const value = Number(e.value);
      const time = Number(e.timestamp);
      if (!/^[0-9a-f]{1,32}$/.test(raw) || /^0+$/.test(raw)) {
        withoutTraceId++;
        continue;
      }
      if (!Number.isFinite(value) || !Number.isFinite(time)) continue;
      const spanId = firstLabel(e.labels, SPAN_ID_LABELS).toLowerCase();
      exemplars.push({
        traceId: raw.padStart(32, '0'),
        ...(/^[0-9a-f]{16}$/.test(spanId) ? { spanId } : {}),
        time,
        value,
        labels: seriesLabels,
      });
    }
  }
  exemplars.sort((a, b) => a.time - b.time);
  return { exemplars: exemplars.slice(-MAX_EXEMPLARS), withoutTraceId };
}

/**
 * Exemplars of the entity's latency histogram: the requests behind the latency chart, each with
 * its trace id. The selector is the profile's histogram, scoped like every other query.
 */
export class LatencyExemplarService {
  private readonly cache: CoalescingCache;

  constructor(
    private readonly executor: QueryExecutor,
    private readonly metrics: PluginMetrics,
    cache?: ConstructorParameters<typeof CoalescingCache>[2],
  ) {
    this.cache = new CoalescingCache('exemplars', metrics, cache);
  }

  async exemplars(
    target: ResolvedEntityScope,
    from: number,
    to: number,
  ): Promise<ExemplarsResponse> {
    const { profile } = target;
    const selector = `${profile.latencyHistogram}_bucket${
      profile.latencyMatchers ? `{${profile.latencyMatchers}}` : ''
    }`;
    const query = scopeQuery(selector, target.matchers);
    const client = this.executor.client(target.instance);
    const data = await this.cache.get(
      ['exemplars', target.instance, query, from, to],
      10_000,
      () =>
        timedUpstream(this.metrics, target.instance, () =>
          client.exemplars(query, from, to),
        ),
    );
    const { exemplars, withoutTraceId } = readExemplars(data);
    const warnings: string[] = [];
    if (exemplars.length === 0 && withoutTraceId === 0) {
      warnings.push(
        `Prometheus instance '${target.instance}' has no exemplars of ${profile.latencyHistogram} in this window: it needs --enable-feature=exemplar-storage and the service must expose exemplars (OpenMetrics)`,
      );
    }
    if (withoutTraceId > 0) {
      warnings.push(
        `${withoutTraceId} exemplar(s) carry no trace id label (${TRACE_ID_LABELS.join(
          ', ',
        )})`,
      );
    }
    return { exemplars, warnings };
  }
}
