import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  AlertAcknowledgeRequest,
  AlertsResponse,
  AlertSilenceRequest,
  AlertStatsResponse,
  AlertView,
  EntityAlertRulesResponse,
  HealthResponse,
  OBSERVABILITY_PLUGIN_ID,
  OverviewResponse,
  QueryRequest,
  QueryResponse,
  RulePreviewRequest,
  RulePreviewResponse,
  RuleTemplateListResponse,
  RuleTemplateResponse,
  RuleTemplateVersionsResponse,
  RuleTemplateWriteRequest,
  SignalsResponse,
  SlosResponse,
  SummaryResponse,
  ExemplarsResponse,
  TraceOperationsResponse,
  TraceResponse,
  TracesResponse,
} from '@stagewatch/backstage-plugin-observability-common';
import { AlertsQuery, ObservabilityApi, TracesQuery } from './ObservabilityApi';

/** Talks to /api/observability with the signed-in user's token (fetchApi adds it). @public */
export class ObservabilityClient implements ObservabilityApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getHealth(): Promise<HealthResponse> {
    return this.request('/health');
  }

  getSummary(entity: CompoundEntityRef): Promise<SummaryResponse> {
    return this.request(`${entityPath(entity)}/summary`);
  }

  getSignals(
    entity: CompoundEntityRef,
    range: { from: number; to: number; step?: number },
  ): Promise<SignalsResponse> {
    const params = new URLSearchParams({
      from: String(range.from),
      to: String(range.to),
    });
    if (range.step) params.set('step', String(range.step));
    return this.request(`${entityPath(entity)}/signals?${params}`);
  }

  query(
    entity: CompoundEntityRef,
    request: QueryRequest,
  ): Promise<QueryResponse> {
    return this.post(`${entityPath(entity)}/query`, request);
  }

  getSlos(entity: CompoundEntityRef): Promise<SlosResponse> {
    return this.request(`${entityPath(entity)}/slos`);
  }

  getOverview(
    filter: { owner?: string; system?: string; kind?: string } = {},
  ): Promise<OverviewResponse> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) {
      if (value) params.set(key, value);
    }
    const query = params.toString();
    return this.request(`/overview${query ? `?${query}` : ''}`);
  }

  getAlerts(
    entity: CompoundEntityRef,
    query: AlertsQuery,
  ): Promise<AlertsResponse> {
    const params = new URLSearchParams({
      from: String(query.from),
      to: String(query.to),
    });
    if (query.state) params.set('state', query.state);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.offset !== undefined) params.set('offset', String(query.offset));
    return this.request(`${entityPath(entity)}/alerts?${params}`);
  }

  getAlertStats(
    entity: CompoundEntityRef,
    range: { from: number; to: number },
  ): Promise<AlertStatsResponse> {
    const params = new URLSearchParams({
      from: String(range.from),
      to: String(range.to),
    });
    return this.request(`${entityPath(entity)}/alerts/stats?${params}`);
  }

  acknowledgeAlert(
    entity: CompoundEntityRef,
    id: string,
    note?: string,
  ): Promise<AlertView> {
    const body: AlertAcknowledgeRequest = note ? { note } : {};
    return this.post(`${alertPath(entity, id)}/acknowledge`, body);
  }

  unacknowledgeAlert(
    entity: CompoundEntityRef,
    id: string,
    note?: string,
  ): Promise<AlertView> {
    const body: AlertAcknowledgeRequest = note ? { note } : {};
    return this.post(`${alertPath(entity, id)}/unacknowledge`, body);
  }

  silenceAlert(
    entity: CompoundEntityRef,
    id: string,
    silence: { duration: string; note?: string },
  ): Promise<AlertView> {
    const body: AlertSilenceRequest = { duration: silence.duration };
    if (silence.note) body.note = silence.note;
    return this.post(`${alertPath(entity, id)}/silence`, body);
  }

  expireAlertSilence(
    entity: CompoundEntityRef,
    id: string,
  ): Promise<AlertView> {
    return this.request(`${alertPath(entity, id)}/silence`, {
      method: 'DELETE',
    });
  }

  getEntityAlertRules(
    entity: CompoundEntityRef,
  ): Promise<EntityAlertRulesResponse> {
    return this.request(`${entityPath(entity)}/alert-rules`);
  }

  async getEntityAlertRulesFile(entity: CompoundEntityRef): Promise<string> {
    const response = await this.send(`${entityPath(entity)}/alert-rules/file`);
    return response.text();
  }

  listRuleTemplates(): Promise<RuleTemplateListResponse> {
    return this.request('/rule-templates');
  }

  getRuleTemplate(id: string): Promise<RuleTemplateResponse> {
    return this.request(templatePath(id));
  }

  getRuleTemplateVersions(id: string): Promise<RuleTemplateVersionsResponse> {
    return this.request(`${templatePath(id)}/versions`);
  }

  createRuleTemplate(
    template: RuleTemplateWriteRequest,
  ): Promise<RuleTemplateResponse> {
    return this.post('/rule-templates', template);
  }

  updateRuleTemplate(
    id: string,
    template: Omit<RuleTemplateWriteRequest, 'id'>,
  ): Promise<RuleTemplateResponse> {
    return this.request(templatePath(id), {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(template),
    });
  }

  async deleteRuleTemplate(id: string): Promise<void> {
    await this.send(templatePath(id), { method: 'DELETE' });
  }

  previewRuleTemplate(
    request: RulePreviewRequest,
  ): Promise<RulePreviewResponse> {
    return this.post('/rule-templates/preview', request);
  }

  getTraces(
    entity: CompoundEntityRef,
    query: TracesQuery,
  ): Promise<TracesResponse> {
    const params = new URLSearchParams({
      from: String(query.from),
      to: String(query.to),
    });
    if (query.operation) params.set('operation', query.operation);
    if (query.minDurationMs !== undefined)
      params.set('minDuration', `${query.minDurationMs}ms`);
    if (query.maxDurationMs !== undefined)
      params.set('maxDuration', `${query.maxDurationMs}ms`);
    if (query.errorOnly) params.set('error', 'true');
    for (const { key, value } of query.attributes ?? []) {
      params.append('attr', `${key}=${value}`);
    }
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    return this.request(`${entityPath(entity)}/traces?${params}`);
  }

  getTrace(entity: CompoundEntityRef, traceId: string): Promise<TraceResponse> {
    return this.request(
      `${entityPath(entity)}/traces/${encodeURIComponent(traceId)}`,
    );
  }

  getTraceOperations(
    entity: CompoundEntityRef,
  ): Promise<TraceOperationsResponse> {
    return this.request(`${entityPath(entity)}/traces/operations`);
  }

  getLatencyExemplars(
    entity: CompoundEntityRef,
    range: { from: number; to: number },
  ): Promise<ExemplarsResponse> {
    const params = new URLSearchParams({
      from: String(range.from),
      to: String(range.to),
    });
    return this.request(`${entityPath(entity)}/exemplars?${params}`);
  }

  private post<T>(path: string, body: unknown): Promise<T> {
    return this.request(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await this.send(path, init);
    return (await response.json()) as T;
  }

  private async send(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl(OBSERVABILITY_PLUGIN_ID);
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}

function entityPath(entity: CompoundEntityRef): string {
  const part = (s: string) => encodeURIComponent(s.toLocaleLowerCase('en-US'));
  return `/entities/${part(entity.kind)}/${part(entity.namespace)}/${part(
    entity.name,
  )}`;
}

function alertPath(entity: CompoundEntityRef, id: string): string {
  return `${entityPath(entity)}/alerts/${encodeURIComponent(id)}`;
}

function templatePath(id: string): string {
  return `/rule-templates/${encodeURIComponent(id)}`;
}
