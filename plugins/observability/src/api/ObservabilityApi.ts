import { createApiRef } from '@backstage/frontend-plugin-api';
import type { HealthResponse } from '@internal/backstage-plugin-observability-common';

/** The frontend's view of the observability backend. @public */
export interface ObservabilityApi {
  getHealth(): Promise<HealthResponse>;
}

/** @public */
export const observabilityApiRef = createApiRef<ObservabilityApi>().with({
  id: 'plugin.observability.api',
  pluginId: 'observability',
});
