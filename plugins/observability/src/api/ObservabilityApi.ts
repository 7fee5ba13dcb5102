import { createApiRef } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  AlertsResponse,
  AlertStatsResponse,
  AlertView,
  EntityAlertRulesResponse,
  HealthResponse,
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

/** The frontend's view of the observability backend. @public */
export interface ObservabilityApi {
  getHealth(): Promise<HealthResponse>;
  getSummary(entity: CompoundEntityRef): Promise<SummaryResponse>;
  getSignals(
    entity: CompoundEntityRef,
    range: { from: number; to: number; step?: number },
  ): Promise<SignalsResponse>;
  query(
    entity: CompoundEntityRef,
    request: QueryRequest,
  ): Promise<QueryResponse>;
  getSlos(entity: CompoundEntityRef): Promise<SlosResponse>;
  getOverview(filter?: {
    owner?: string;
    system?: string;
    kind?: string;
  }): Promise<OverviewResponse>;
  /** Alerts firing at some point of the range (Unix seconds), newest first, one page. */
  getAlerts(
    entity: CompoundEntityRef,
    query: AlertsQuery,
  ): Promise<AlertsResponse>;
  getAlertStats(
    entity: CompoundEntityRef,
    range: { from: number; to: number },
  ): Promise<AlertStatsResponse>;
  acknowledgeAlert(
    entity: CompoundEntityRef,
    id: string,
    note?: string,
  ): Promise<AlertView>;
  unacknowledgeAlert(
    entity: CompoundEntityRef,
    id: string,
    note?: string,
  ): Promise<AlertView>;
  /** Creates an Alertmanager silence for the alert; `duration` is a Prometheus duration, e.g. `1h`. */
  silenceAlert(
    entity: CompoundEntityRef,
    id: string,
    silence: { duration: string; note?: string },
  ): Promise<AlertView>;
  /** Expires the silence created from the portal. */
  expireAlertSilence(entity: CompoundEntityRef, id: string): Promise<AlertView>;
  /** The entity's rendered alert rules with their delivery and Prometheus' live state. */
  getEntityAlertRules(
    entity: CompoundEntityRef,
  ): Promise<EntityAlertRulesResponse>;
  /** The entity's rule file as YAML, as delivered (or for GitOps). */
  getEntityAlertRulesFile(entity: CompoundEntityRef): Promise<string>;
  listRuleTemplates(): Promise<RuleTemplateListResponse>;
  getRuleTemplate(id: string): Promise<RuleTemplateResponse>;
  /** Every version of a template, newest first. */
  getRuleTemplateVersions(id: string): Promise<RuleTemplateVersionsResponse>;
  /** Needs `observability.ruleTemplate.manage`. */
  createRuleTemplate(
    template: RuleTemplateWriteRequest,
  ): Promise<RuleTemplateResponse>;
  /** A new version of a custom template; needs `observability.ruleTemplate.manage`. */
  updateRuleTemplate(
    id: string,
    template: Omit<RuleTemplateWriteRequest, 'id'>,
  ): Promise<RuleTemplateResponse>;
  /** Refused with 409 while entities use the template. */
  deleteRuleTemplate(id: string): Promise<void>;
  /** Renders for one entity and validates, changing nothing. */
  previewRuleTemplate(
    request: RulePreviewRequest,
  ): Promise<RulePreviewResponse>;
  /** Summaries of the entity's traces in the range, newest first. */
  getTraces(
    entity: CompoundEntityRef,
    query: TracesQuery,
  ): Promise<TracesResponse>;
  /** One trace, whole; 404 unless a span belongs to the entity's service. */
  getTrace(entity: CompoundEntityRef, traceId: string): Promise<TraceResponse>;
  getTraceOperations(
    entity: CompoundEntityRef,
  ): Promise<TraceOperationsResponse>;
  /** Exemplars of the entity's latency histogram, each with its trace id. */
  getLatencyExemplars(
    entity: CompoundEntityRef,
    range: { from: number; to: number },
  ): Promise<ExemplarsResponse>;
}

/**
 * Which traces `getTraces` returns: structured filters only (the backend writes each trace
 * API's syntax). Durations are milliseconds. @public
 */
export interface TracesQuery {
  from: number;
  to: number;
  operation?: string;
  minDurationMs?: number;
  maxDurationMs?: number;
  errorOnly?: boolean;
  /** Span attribute equals value. */
  attributes?: Array<{ key: string; value: string }>;
  limit?: number;
}

/** Which alerts `getAlerts` returns. @public */
export interface AlertsQuery {
  from: number;
  to: number;
  state?: 'firing' | 'resolved';
  limit?: number;
  offset?: number;
}

/** @public */
export const observabilityApiRef = createApiRef<ObservabilityApi>().with({
  id: 'plugin.observability.api',
  pluginId: 'observability',
});
