import { createRouteRef } from '@backstage/frontend-plugin-api';
import { createRouteRef as createLegacyRouteRef } from '@backstage/core-plugin-api';

/** The overview page, `/observability`. */
export const rootRouteRef = createRouteRef();

/** The same page for apps on the legacy frontend system. */
export const legacyRootRouteRef = createLegacyRouteRef({ id: 'observability' });
