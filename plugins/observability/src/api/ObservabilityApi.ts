import { createApiRef } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  AlertsResponse,
  AlertStatsResponse,
  AlertView,
  HealthResponse,
  OverviewResponse,
  QueryRequest,
  QueryResponse,
  SignalsResponse,
  SlosResponse,
  SummaryResponse,
} from '@internal/backstage-plugin-observability-common';

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
