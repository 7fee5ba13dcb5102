import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { isObservabilityAvailable } from '@stagewatch/backstage-plugin-observability-common';
import TimelineIcon from '@material-ui/icons/Timeline';
import { observabilityApiRef, ObservabilityClient } from './api';
import { rootRouteRef, ruleTemplatesRouteRef } from './routes';

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
export const entityObservabilityContent = EntityContentBlueprint.make({
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

/** The Overview tab's health card. */
export const entityObservabilityCard = EntityCardBlueprint.make({
  name: 'health',
  params: {
    filter: isObservabilityAvailable,
    loader: () =>
      import('./components/EntityObservabilityCard').then(m => (
        <m.EntityObservabilityCard />
      )),
  },
});

/** Every service's health on one page. */
export const overviewPage = PageBlueprint.make({
  params: {
    path: '/observability',
    title: 'Observability',
    icon: <TimelineIcon />,
    routeRef: rootRouteRef,
    noHeader: true,
    loader: () =>
      import('./components/ObservabilityOverviewPage').then(m => (
        <m.ObservabilityOverviewPage />
      )),
  },
});

/** Alert-rule templates: list, parameter form with live preview, history, editing. */
export const ruleTemplatesPage = PageBlueprint.make({
  name: 'rule-templates',
  params: {
    path: '/observability/rule-templates',
    title: 'Alert-rule templates',
    routeRef: ruleTemplatesRouteRef,
    noHeader: true,
    loader: () =>
      import('./components/RuleTemplatesPage').then(m => (
        <m.RuleTemplatesPage />
      )),
  },
});

/**
 * The observability frontend plugin for the new frontend system.
 * @public
 */
export const observabilityPlugin = createFrontendPlugin({
  pluginId: 'observability',
  extensions: [
    observabilityApi,
    entityObservabilityContent,
    entityObservabilityCard,
    overviewPage,
    ruleTemplatesPage,
  ],
  routes: { root: rootRouteRef, ruleTemplates: ruleTemplatesRouteRef },
});
