import { createApiRef } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
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
}

/** @public */
export const observabilityApiRef = createApiRef<ObservabilityApi>().with({
  id: 'plugin.observability.api',
  pluginId: 'observability',
});
