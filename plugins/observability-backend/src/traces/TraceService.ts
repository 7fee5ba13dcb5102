import { CacheService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  TraceInstanceStatus,
  TraceOperationsResponse,
  TraceResponse,
  TracesResponse,
  TraceSource,
} from '@stagewatch/backstage-plugin-observability-common';
import { PluginMetrics } from '../metrics/PluginMetrics';
import { timedUpstream } from '../metrics/timedUpstream';
import { CoalescingCache } from '../service/CoalescingCache';
import { resolveTraceSource } from './resolveTraceSource';
import { TraceBackend } from './TraceBackend';
import { TraceInstanceConfig } from './traceConfig';
import { TraceListQuery } from './traceQuery';

export interface TraceServiceOptions {
  instances: TraceInstanceConfig[];
  backends: TraceBackend[];
  metrics: PluginMetrics;
  cache?: CacheService;
  /** Seconds since the epoch. */
  now: () => number;
}

const DEFAULT_WINDOW_SECONDS = 3600;
/** Searches near now see new traces every few seconds; a finished trace changes little. */
const RECENT_TTL_MS = 10_000;
const OLD_TTL_MS = 300_000;
const TRACE_TTL_MS = 30_000;
const OPERATIONS_TTL_MS = 60_000;

/**
 * The entity's traces: the service and instance come from its annotations, the backend speaks
 * the instance's API, and results go through the shared cache with coalescing.
 */
export class TraceService {
  private readonly backends: Map<string, TraceBackend>;
  private readonly cache: CoalescingCache;

  constructor(private readonly options: TraceServiceOptions) {
    this.backends = new Map(options.backends.map(b => [b.name, b]));
    this.cache = new CoalescingCache('traces', options.metrics, options.cache);
  }

  private source(entity: Entity): {
    source: TraceSource;
    backend: TraceBackend;
  } {
    const { service, instance } = resolveTraceSource(
      entity,
      this.options.instances,
    );
    const backend = this.backends.get(instance.name)!;
    return {
      source: {
        instance: instance.name,
        type: instance.type,
        service,
        links: instance.links,
      },
      backend,
    };
  }

  private call<T>(backend: TraceBackend, fn: () => Promise<T>): Promise<T> {
    return timedUpstream(this.options.metrics, backend.name, fn);
  }

  async list(entity: Entity, query: TraceListQuery): Promise<TracesResponse> {
    const { source, backend } = this.source(entity);
    const to = query.to ?? this.options.now();
    const from = query.from ?? to - DEFAULT_WINDOW_SECONDS;
    if (!(from < to)) {
      throw new InputError('Invalid traces query: from must be before to');
    }
    const search = {
      service: source.service,
      operation: query.operation,
      minDurationUs: query.minDurationUs,
      maxDurationUs: query.maxDurationUs,
      errorOnly: query.errorOnly,
      attributes: query.attributes,
      startUs: Math.floor(from * 1e6),
      endUs: Math.ceil(to * 1e6),
      limit: query.limit,
    };
    const ttl = this.options.now() - to > 300 ? OLD_TTL_MS : RECENT_TTL_MS;
    const traces = await this.cache.get(
      ['search', backend.name, search],
      ttl,
      () => this.call(backend, () => backend.search(search)),
    );
    return { ...source, traces, from, to, warnings: [] };
  }

  /**
   * One trace, whole, but only when one of its spans belongs to the entity's service: a trace
   * id alone must not open another team's trace. Unknown and foreign traces are both 404.
   */
  async trace(entity: Entity, traceId: string): Promise<TraceResponse> {
    const { source, backend } = this.source(entity);
    const spans = await this.cache.get(
      ['trace', backend.name, traceId],
      TRACE_TTL_MS,
      () => this.call(backend, () => backend.trace(traceId)),
      // Not "unknown" for 30 s: an exemplar's trace may still be in its exporter's batch.
      found => found.length > 0,
    );
    if (!spans.some(s => s.service === source.service)) {
      throw new NotFoundError(
        `Trace ${traceId} has no span of service '${source.service}' in trace instance '${source.instance}'`,
      );
    }
    return { ...source, traceId, spans };
  }

  async operations(entity: Entity): Promise<TraceOperationsResponse> {
    const { source, backend } = this.source(entity);
    const operations = await this.cache.get(
      ['operations', backend.name, source.service],
      OPERATIONS_TTL_MS,
      () => this.call(backend, () => backend.operations(source.service)),
    );
    return { ...source, operations };
  }

  /** Each instance and the API it speaks, for `/health`. */
  async health(): Promise<TraceInstanceStatus[]> {
    return Promise.all(
      this.options.instances.map(async instance => {
        const backend = this.backends.get(instance.name)!;
        try {
          const api = await backend.api();
          return {
            name: instance.name,
            type: instance.type,
            status: 'up' as const,
            api,
          };
        } catch (error) {
          return {
            name: instance.name,
            type: instance.type,
            status: 'down' as const,
            error: (error as Error).message,
          };
        }
      }),
    );
  }
}
