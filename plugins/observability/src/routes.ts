import { createRouteRef } from '@backstage/frontend-plugin-api';
import { createRouteRef as createLegacyRouteRef } from '@backstage/core-plugin-api';

/** The overview page, `/observability`. */
export const rootRouteRef = createRouteRef();

/** The alert-rule templates page, `/observability/rule-templates`. */
export const ruleTemplatesRouteRef = createRouteRef();

/** The same pages for apps on the legacy frontend system. */
export const legacyRootRouteRef = createLegacyRouteRef({ id: 'observability' });
export const legacyRuleTemplatesRouteRef = createLegacyRouteRef({
  id: 'observability-rule-templates',
});
