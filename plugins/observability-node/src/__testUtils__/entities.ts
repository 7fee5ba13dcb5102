import type { Entity } from '@backstage/catalog-model';

/** A component as the catalog serves it, with the ownedBy/partOf relations it computes. */
export function component(
  name: string,
  annotations: Record<string, string> = {},
  spec: { owner?: string; system?: string } = {},
): Entity {
  const owner = spec.owner ?? 'group:default/team-a';
  const relations = [{ type: 'ownedBy', targetRef: owner }];
  if (spec.system)
    relations.push({
      type: 'partOf',
      targetRef: `system:default/${spec.system}`,
    });
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', ...spec, owner },
    relations,
  };
}

export const selector = (job: string) => ({
  'observability/prometheus-selector': `{job="${job}", namespace="shop"}`,
});
