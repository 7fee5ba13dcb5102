import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  alertAcknowledgePermission,
  alertSilencePermission,
} from '@internal/backstage-plugin-observability-common';

/**
 * The demo portal's policy: acting on an entity's alerts (acknowledge, silence) is for the
 * members of the group that owns the entity, and for nobody else; everything else is allowed,
 * as the allow-all policy did. The catalog evaluates the ownership condition, so it follows the
 * entity's `spec.owner` and the user's group memberships as the sign-in resolver reported them.
 */
export class ObservabilityDemoPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    for (const permission of [
      alertAcknowledgePermission,
      alertSilencePermission,
    ]) {
      if (isPermission(request.permission, permission)) {
        return createCatalogConditionalDecision(
          permission,
          catalogConditions.isEntityOwner({
            claims: user?.info.ownershipEntityRefs ?? [],
          }),
        );
      }
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

/** Installs {@link ObservabilityDemoPolicy} in the permission backend. */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'observability-demo-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new ObservabilityDemoPolicy());
      },
    });
  },
});
