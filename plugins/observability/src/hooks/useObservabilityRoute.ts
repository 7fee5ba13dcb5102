import { RouteFunc, useRouteRef } from '@backstage/core-plugin-api';
import {
  legacyRootRouteRef,
  legacyRuleTemplatesRouteRef,
  rootRouteRef,
  ruleTemplatesRouteRef,
} from '../routes';

type AnyRouteRef = Parameters<typeof useRouteRef>[0];

/**
 * core-plugin-api's `useRouteRef` resolves through the new system's route resolution API when
 * there is one and through the legacy routing context otherwise, but throws for a route the app
 * does not mount. Every hook inside it runs before it can throw, so catching keeps the hook order
 * stable from render to render.
 */
function useMountedRoute(ref: AnyRouteRef): RouteFunc<any> | undefined {
  try {
    return useRouteRef(ref) as RouteFunc<any> | undefined;
  } catch {
    return undefined;
  }
}

/**
 * A link to one of the plugin's pages on either frontend system, or undefined when the app does
 * not mount it. (frontend-plugin-api's `useRouteRef` needs the new system's route resolution API
 * and breaks the page in a legacy app.)
 */
export function useObservabilityRoute(
  page: 'root' | 'ruleTemplates',
): (() => string) | undefined {
  const newSystem = useMountedRoute(
    (page === 'root' ? rootRouteRef : ruleTemplatesRouteRef) as never,
  );
  const legacy = useMountedRoute(
    page === 'root' ? legacyRootRouteRef : legacyRuleTemplatesRouteRef,
  );
  const route = newSystem ?? legacy;
  return route ? () => route() : undefined;
}
