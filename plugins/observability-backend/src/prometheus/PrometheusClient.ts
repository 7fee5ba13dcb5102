import { parse as parseYaml } from 'yaml';
import { fetchUpstream } from '../service/fetchUpstream';
import {
  UpstreamQueryError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from './errors';
import {
  PrometheusInstanceConfig,
  ScopedQuery,
} from '@stagewatch/backstage-plugin-observability-node';

/** The `data` of a successful Prometheus query response. */
export type PromResult =
  | {
      resultType: 'matrix';
      result: Array<{
        metric: Record<string, string>;
        values: [number, string][];
      }>;
    }
  | {
      resultType: 'vector';
      result: Array<{
        metric: Record<string, string>;
        value: [number, string];
      }>;
    }
  | { resultType: 'scalar' | 'string'; result: [number, string] };

export interface PromResponse {
  data: PromResult;
  warnings: string[];
}

export type PromRequest =
  | { kind: 'instant'; query: ScopedQuery; time: number }
  | {
      kind: 'range';
      query: ScopedQuery;
      start: number;
      end: number;
      step: number;
    };

interface PromBody {
  status: 'success' | 'error';
  data?: PromResult;
  errorType?: string;
  error?: string;
  warnings?: string[];
  infos?: string[];
}

/**
 * Talks to one Prometheus-compatible HTTP API (Prometheus, Thanos Query, Mimir, Cortex). Queries
 * are POSTed form-encoded so long expressions never hit URL limits. Only `ScopedQuery` values can
 * be sent: the type can only be made by the entity-scoping function.
 */
export class PrometheusClient {
  constructor(private readonly instance: PrometheusInstanceConfig) {}

  /** How often the instance scrapes: how fast its data can change. */
  get scrapeIntervalSeconds(): number {
    return this.instance.scrapeIntervalSeconds;
  }

  get name(): string {
    return this.instance.name;
  }

  async query(request: PromRequest): Promise<PromResponse> {
    const params = new URLSearchParams({ query: request.query });
    let path: string;
    if (request.kind === 'instant') {
      path = '/api/v1/query';
      params.set('time', String(request.time));
    } else {
      path = '/api/v1/query_range';
      params.set('start', String(request.start));
      params.set('end', String(request.end));
      params.set('step', String(request.step));
    }
    // Ask Prometheus to give up a little before we do, so its own timeout message wins.
    params.set(
      'timeout',
      `${Math.max(1, Math.floor(this.instance.timeoutMs / 1000) - 1)}s`,
    );
    const body = await this.fetchJson(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: params.toString(),
    });
    if (!body.data) {
      throw new UpstreamUnavailableError(
        `Prometheus instance '${this.instance.name}' answered without data`,
      );
    }
    return {
      data: body.data,
      warnings: [...(body.warnings ?? []), ...(body.infos ?? [])],
    };
  }

  /**
   * `POST /api/v1/query_exemplars`: the exemplars of the scoped query's series in the range.
   * The `data` is returned unparsed; the caller reads it as untrusted.
   */
  async exemplars(
    query: ScopedQuery,
    start: number,
    end: number,
  ): Promise<unknown> {
    const params = new URLSearchParams({
      query,
      start: String(start),
      end: String(end),
    });
    const body = await this.fetchJson('/api/v1/query_exemplars', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: params.toString(),
    });
    return body.data;
  }

  /** `GET /api/v1/status/buildinfo`, for the health route. */
  async buildInfo(): Promise<{ version: string }> {
    const body = await this.fetchJson('/api/v1/status/buildinfo', {
      method: 'GET',
    });
    const data = body.data as unknown as { version?: string } | undefined;
    return { version: data?.version ?? 'unknown' };
  }

  /**
   * The instance's `global.external_labels` from `GET /api/v1/status/config`: Prometheus adds
   * them to the alerts it sends, so they are part of Alertmanager's fingerprints. Thanos,
   * Mimir and Cortex query APIs have no such endpoint; they answer `{}`.
   */
  async externalLabels(): Promise<Record<string, string>> {
    let body: PromBody;
    try {
      body = await this.fetchJson('/api/v1/status/config', { method: 'GET' });
    } catch (error) {
      // No such endpoint (Thanos, Mimir): no external labels to add.
      if (
        error instanceof UpstreamQueryError ||
        /answered HTTP (404|405)/.test((error as Error).message)
      )
        return {};
      throw error;
    }
    const text = (body.data as unknown as { yaml?: string } | undefined)?.yaml;
    if (!text) return {};
    const config = parseYaml(text) as {
      global?: { external_labels?: Record<string, unknown> };
    };
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(
      config?.global?.external_labels ?? {},
    )) {
      labels[k] = String(v);
    }
    return labels;
  }

  private async fetchJson(path: string, init: RequestInit): Promise<PromBody> {
    const url = `${this.instance.apiBaseUrl}${path}`;
    const where = `Prometheus instance '${this.instance.name}'`;
    const response = await fetchUpstream(
      url,
      {
        ...init,
        headers: {
          Accept: 'application/json',
          ...this.instance.headers,
          ...init.headers,
        },
      },
      where,
      this.instance.timeoutMs,
    );

    let body: PromBody | undefined;
    const text = await response.text().catch(() => '');
    try {
      body = JSON.parse(text) as PromBody;
    } catch {
      body = undefined;
    }
    if (response.ok && body?.status === 'success') {
      return body;
    }
    const upstreamMessage =
      body?.error ?? (text.slice(0, 200) || response.statusText);
    if (response.status === 400 || response.status === 422) {
      throw new UpstreamQueryError(
        `${where} rejected the query: ${upstreamMessage}`,
        response.status,
      );
    }
    if (response.status === 503 && body?.errorType === 'timeout') {
      throw new UpstreamTimeoutError(`${where} timed out: ${upstreamMessage}`);
    }
    throw new UpstreamUnavailableError(
      `${where} answered HTTP ${response.status}: ${upstreamMessage}`,
    );
  }
}
