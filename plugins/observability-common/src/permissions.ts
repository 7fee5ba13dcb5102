import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Acknowledge and unacknowledge an entity's alerts. A resource permission on catalog entities, so
 * a policy can answer with catalog conditions such as "owners only".
 *
 * @public
 */
export const alertAcknowledgePermission = createPermission({
  name: 'observability.alert.acknowledge',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Create and expire Alertmanager silences for an entity's alerts.
 *
 * @public
 */
export const alertSilencePermission = createPermission({
  name: 'observability.alert.silence',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Create, edit, deprecate and delete custom alert-rule templates. A basic permission: templates
 * belong to no entity, and one template can shape the rules of every entity that uses it.
 *
 * @public
 */
export const ruleTemplateManagePermission = createPermission({
  name: 'observability.ruleTemplate.manage',
  attributes: { action: 'update' },
});

/** Every permission the observability plugins check. @public */
export const observabilityPermissions = [
  alertAcknowledgePermission,
  alertSilencePermission,
  ruleTemplateManagePermission,
];
