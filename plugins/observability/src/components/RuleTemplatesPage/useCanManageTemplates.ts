import { usePermission } from '@backstage/plugin-permission-react';
import { ruleTemplateManagePermission } from '@stagewatch/backstage-plugin-observability-common';

/** Whether the user may create, edit, deprecate and delete custom templates. */
export function useCanManageTemplates(): boolean {
  const { allowed, loading } = usePermission({
    permission: ruleTemplateManagePermission,
  });
  return !loading && allowed;
}
