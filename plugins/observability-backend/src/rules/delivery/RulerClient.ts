import { withTraceparent } from '../../correlation/requestContext';
import { parse, stringify } from 'yaml';
import { PromRuleGroup } from '@stagewatch/backstage-plugin-observability-node';

export interface RulerClientOptions {
  /** e.g. https://mimir.example.com */
  baseUrl: string;
  /** `/prometheus` for Mimir, `` for Cortex (`/api/v1/rules`), `/loki` for Loki. */
  pathPrefix: string;
  /** Tenant (`X-Scope-OrgID`) and auth headers, sent on every request. */
  headers: Record<string, string>;
  timeoutMs?: number;
}

/**
 * The rule configuration API of Mimir, Cortex and Loki's rulers:
 * `{baseUrl}{pathPrefix}/config/v1/rules/{namespace}`. A store answers 202 ("stored and queued
 * for polling, but is not currently active"); the rules run once the ruler has picked them up,
 * which the read-back of `{pathPrefix}/api/v1/rules` shows.
 */
export class RulerClient {
  private readonly root: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: RulerClientOptions) {
    this.root = `${options.baseUrl.replace(/\/+$/, '')}${options.pathPrefix}`;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Where the Prometheus-style `/api/v1/rules` of this ruler is, and with which headers. */
  get readBack() {
    return { apiBaseUrl: this.root, headers: this.options.headers };
  }

  /** Stores one group in the namespace, replacing a group of the same name. */
  async setGroup(namespace: string, group: PromRuleGroup): Promise<void> {
    await this.request('POST', this.namespaceUrl(namespace), [200, 202], {
      // One group, not a rule file: the ruler decodes the body as a rulefmt.RuleGroup.
      body: stringify(group, { lineWidth: 0 }),
      contentType: 'application/yaml',
    });
  }

  /** The namespace's groups; undefined when it does not exist (404). */
  async getNamespace(namespace: string): Promise<PromRuleGroup[] | undefined> {
    const response = await this.request(
      'GET',
      this.namespaceUrl(namespace),
      [200, 404],
    );
    if (response.status === 404) return undefined;
    const body = parse(response.text) as
      | Record<string, PromRuleGroup[]>
      | null
      | undefined;
    return body?.[namespace] ?? [];
  }

  /** The tenant's namespaces (Cortex and Loki answer 404 when there are none). */
  async listNamespaces(): Promise<string[]> {
    const response = await this.request(
      'GET',
      `${this.root}/config/v1/rules`,
      [200, 404],
    );
    if (response.status === 404) return [];
    const body = parse(response.text) as Record<string, unknown> | null;
    return Object.keys(body ?? {});
  }

  /** Deletes the namespace and its groups; a namespace that is already gone is fine. */
  async deleteNamespace(namespace: string): Promise<void> {
    await this.request('DELETE', this.namespaceUrl(namespace), [200, 202, 404]);
  }

  private namespaceUrl(namespace: string) {
    return `${this.root}/config/v1/rules/${encodeURIComponent(namespace)}`;
  }

  private async request(
    method: string,
    url: string,
    expected: number[],
    send?: { body: string; contentType: string },
  ): Promise<{ status: number; text: string }> {
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: withTraceparent({
          ...this.options.headers,
          ...(send ? { 'Content-Type': send.contentType } : {}),
        }),
        body: send?.body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const e = error as Error & {
        cause?: { code?: string; message?: string };
      };
      throw new Error(
        `${method} ${url} failed: ${
          e.cause?.code ?? e.cause?.message ?? e.message
        }`,
      );
    }
    const text = await response.text().catch(() => '');
    if (!expected.includes(response.status)) {
      throw new Error(
        `${method} ${url} answered ${response.status}${
          text.trim() ? `: ${text.trim().slice(0, 2000)}` : ''
        }`,
      );
    }
    return { status: response.status, text };
  }
}
