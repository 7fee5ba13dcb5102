import { withTraceparent } from '../correlation/requestContext';
import {
  UpstreamQueryError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from '../prometheus/errors';
import { WebhookAlert } from './parseWebhook';
import { AlertmanagerConfig } from '@stagewatch/backstage-plugin-observability-node';

/** An Alertmanager matcher as its v2 API takes it. */
export interface SilenceMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

const TIMEOUT_MS = 10_000;

/**
 * Alertmanager's v2 API: the active alerts (for the reconciler) and silences. Errors name the
 * Alertmanager and become 502/504 answers, like Prometheus failures do.
 */
export class AlertmanagerClient {
  constructor(private readonly config: AlertmanagerConfig) {}

  get baseUrl() {
    return this.config.baseUrl;
  }

  /** Alerts Alertmanager holds now (firing, silenced or inhibited); resolved ones are gone. */
  async activeAlerts(): Promise<WebhookAlert[]> {
    const body = await this.request<any[]>(
      'GET',
      '/api/v2/alerts?active=true&silenced=true&inhibited=true&unprocessed=true',
    );
    if (!Array.isArray(body)) {
      throw new UpstreamUnavailableError(
        `Alertmanager ${this.config.baseUrl} answered /api/v2/alerts with something other than a list`,
      );
    }
    return body
      .filter(
        a =>
          a &&
          typeof a.fingerprint === 'string' &&
          typeof a.startsAt === 'string' &&
          // No alertname is required: the webhook stores such alerts too, and one left out
          // here would look gone from Alertmanager and be resolved by the reconciler.
          a.labels &&
          typeof a.labels === 'object',
      )
      .map(a => ({
        status: 'firing' as const,
        labels: a.labels,
        annotations: a.annotations ?? {},
        startsAt: new Date(a.startsAt),
        generatorURL: a.generatorURL || undefined,
        fingerprint: a.fingerprint,
      }));
  }

  /** Creates a silence and answers its id. */
  async createSilence(silence: {
    matchers: SilenceMatcher[];
    startsAt: Date;
    endsAt: Date;
    createdBy: string;
    comment: string;
  }): Promise<string> {
    const body = await this.request<{ silenceID?: string }>(
      'POST',
      '/api/v2/silences',
      {
        matchers: silence.matchers,
        startsAt: silence.startsAt.toISOString(),
        endsAt: silence.endsAt.toISOString(),
        createdBy: silence.createdBy,
        comment: silence.comment,
      },
    );
    if (!body?.silenceID) {
      throw new UpstreamUnavailableError(
        `Alertmanager ${this.config.baseUrl} created a silence but sent no silenceID`,
      );
    }
    return body.silenceID;
  }

  /** Expires a silence; one already expired or gone counts as done. */
  async expireSilence(id: string): Promise<void> {
    try {
      await this.request('DELETE', `/api/v2/silence/${encodeURIComponent(id)}`);
    } catch (error) {
      if ((error as { upstreamStatus?: number }).upstreamStatus === 404) return;
      throw error;
    }
  }

  async getSilence(
    id: string,
  ): Promise<{ id: string; status: { state: string }; createdBy: string }> {
    return this.request('GET', `/api/v2/silence/${encodeURIComponent(id)}`);
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const url = `${this.config.baseUrl}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: withTraceparent({
          ...this.config.headers,
          ...(body ? { 'Content-Type': 'application/json' } : {}),
        }),
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') {
        throw new UpstreamTimeoutError(
          `Alertmanager ${
            this.config.baseUrl
          } did not answer ${method} ${path} within ${TIMEOUT_MS / 1000} s`,
        );
      }
      throw new UpstreamUnavailableError(
        `Alertmanager ${this.config.baseUrl} is unreachable: ${
          (error as Error).message
        }`,
      );
    }
    const text = await response.text();
    if (!response.ok) {
      const message = `Alertmanager ${
        this.config.baseUrl
      } answered ${method} ${path} with ${response.status}: ${text.slice(
        0,
        300,
      )}`;
      const error =
        response.status === 400 || response.status === 422
          ? new UpstreamQueryError(message, response.status)
          : new UpstreamUnavailableError(message);
      Object.assign(error, { upstreamStatus: response.status });
      throw error;
    }
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new UpstreamUnavailableError(
        `Alertmanager ${this.config.baseUrl} answered ${method} ${path} with invalid JSON`,
      );
    }
  }
}
