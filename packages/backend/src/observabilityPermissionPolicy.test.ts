import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  alertAcknowledgePermission,
  alertSilencePermission,
  ruleTemplateManagePermission,
} from '@stagewatch/backstage-plugin-observability-common';
import { ObservabilityDemoPolicy } from './observabilityPermissionPolicy';

const user = (ownershipEntityRefs: string[]) =>
  ({
    info: { userEntityRef: 'user:default/jane', ownershipEntityRefs },
  } as unknown as PolicyQueryUser);

describe('ObservabilityDemoPolicy', () => {
  const policy = new ObservabilityDemoPolicy();

  it.each([alertAcknowledgePermission, alertSilencePermission])(
    'lets only owners act on alerts ($name): a catalog isEntityOwner condition with the user claims',
    async permission => {
      const decision = await policy.handle(
        { permission },
        user(['user:default/jane', 'group:default/payments-team']),
      );
      expect(decision).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: {
            claims: ['user:default/jane', 'group:default/payments-team'],
          },
        },
      });
    },
  );

  it('lets only members of team-platform manage rule templates', async () => {
    const decide = async (claims: string[] | undefined) =>
      (
        await policy.handle(
          { permission: ruleTemplateManagePermission },
          claims ? user(claims) : undefined,
        )
      ).result;
    expect(
      await decide(['user:default/carol', 'group:default/team-platform']),
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      await decide(['user:default/bob', 'group:default/team-payments']),
    ).toBe(AuthorizeResult.DENY);
    expect(await decide(['user:development/guest'])).toBe(AuthorizeResult.DENY);
    expect(await decide(undefined)).toBe(AuthorizeResult.DENY);
  });

  it('gives a caller without a user (a service) no ownership claims', async () => {
    const decision = await policy.handle({
      permission: alertAcknowledgePermission,
    });
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: { params: { claims: [] } },
    });
  });

  it('allows everything else, as the allow-all policy it replaces did', async () => {
    expect(
      await policy.handle(
        { permission: catalogEntityReadPermission },
        user(['user:development/guest']),
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });
});
