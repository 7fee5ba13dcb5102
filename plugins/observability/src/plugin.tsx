import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isObservabilityAvailable } from '@internal/backstage-plugin-observability-common';
import { observabilityApiRef, ObservabilityClient } from './api';

const observabilityApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: observabilityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ObservabilityClient({ discoveryApi, fetchApi }),
    }),
});

/** The Observability tab, on entities that carry a Prometheus selector. */
const entityObservabilityContent = EntityContentBlueprint.make({
  params: {
    path: '/observability',
    title: 'Observability',
    filter: isObservabilityAvailable,
    loader: () =>
      import('./components/EntityObservabilityContent').then(m => (
        <m.EntityObservabilityContent />
      )),
  },
});

/**
 * The observability frontend plugin for the new frontend system.
 * @public
 */
export const observabilityPlugin = createFrontendPlugin({
  pluginId: 'observability',
  extensions: [observabilityApi, entityObservabilityContent],
});
