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
  ruleTemplateManagePermission,
} from '@stagewatch/backstage-plugin-observability-common';

/** Custom rule templates shape every using entity's alerts: the platform team manages them. */
const RULE_TEMPLATE_MANAGERS = 'group:default/team-platform';

/**
 * The demo portal's policy: acting on an entity's alerts (acknowledge, silence) is for the
 * members of the group that owns the entity, and for nobody else; managing custom rule templates
 * is for the members of team-platform; everything else is allowed,
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
    if (isPermission(request.permission, ruleTemplateManagePermission)) {
      const member =
        user?.info.ownershipEntityRefs?.includes(RULE_TEMPLATE_MANAGERS) ??
        false;
      return { result: member ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
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
