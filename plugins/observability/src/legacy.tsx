/*
 * Exports for apps still on the legacy frontend system (`createApp` from @backstage/app-defaults
 * with `@backstage/core-plugin-api`'s createPlugin). New apps use the default export instead.
 */
import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { observabilityApiRef, ObservabilityClient } from './api';
import { legacyRootRouteRef, legacyRuleTemplatesRouteRef } from './routes';

/** @public */
export const legacyObservabilityPlugin = createPlugin({
  id: 'observability',
  apis: [
    createApiFactory({
      api: observabilityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ObservabilityClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: legacyRootRouteRef,
    ruleTemplates: legacyRuleTemplatesRouteRef,
  },
});

/** The Observability tab's content: put it in an `EntityLayout.Route` with `if={isObservabilityAvailable}`. @public */
export const EntityObservabilityContent = legacyObservabilityPlugin.provide(
  createComponentExtension({
    name: 'EntityObservabilityContent',
    component: {
      lazy: () =>
        import('./components/EntityObservabilityContent').then(
          m => m.EntityObservabilityContent,
        ),
    },
  }),
);

/** The health card for an entity's Overview tab. @public */
export const EntityObservabilityHealthCard = legacyObservabilityPlugin.provide(
  createComponentExtension({
    name: 'EntityObservabilityHealthCard',
    component: {
      lazy: () =>
        import('./components/EntityObservabilityCard').then(
          m => m.EntityObservabilityCard,
        ),
    },
  }),
);

/** The overview page: `<Route path="/observability" element={<ObservabilityPage />} />`. @public */
export const ObservabilityPage = legacyObservabilityPlugin.provide(
  createRoutableExtension({
    name: 'ObservabilityPage',
    component: () =>
      import('./components/ObservabilityOverviewPage').then(
        m => m.ObservabilityOverviewPage,
      ),
    mountPoint: legacyRootRouteRef,
  }),
);

/**
 * The alert-rule templates page:
 * `<Route path="/observability/rule-templates" element={<ObservabilityRuleTemplatesPage />} />`.
 * @public
 */
export const ObservabilityRuleTemplatesPage = legacyObservabilityPlugin.provide(
  createRoutableExtension({
    name: 'ObservabilityRuleTemplatesPage',
    component: () =>
      import('./components/RuleTemplatesPage').then(m => m.RuleTemplatesPage),
    mountPoint: legacyRuleTemplatesRouteRef,
  }),
);
