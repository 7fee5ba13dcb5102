import { Entity } from '@backstage/catalog-model';
import { stringify } from 'yaml';
import {
  ObservabilityConfig,
  generateSloRuleGroups,
  readEntitySlos,
  resolveEntityScope,
} from '@stagewatch/backstage-plugin-observability-node';

/**
 * One Prometheus rule file for the SLOs of many entities (what an operator loads into the
 * Prometheus their services report to). Entities without SLOs are skipped; an entity whose
 * annotations are malformed fails the whole file, naming the entity, rather than silently
 * leaving its SLOs unalerted.
 *
 * @public
 */
export function catalogSloRules(
  entities: Entity[],
  config: ObservabilityConfig,
): string {
  const groups = entities.flatMap(entity => {
    const slos = readEntitySlos(entity);
    if (slos.status === 'none') return [];
    if (slos.status === 'invalid') throw new Error(slos.error);
    const target = resolveEntityScope(entity, config);
    return generateSloRuleGroups({
      entityRef: target.entityRef,
      matchers: target.matchers,
      profile: target.profile,
      slos: slos.slos,
    });
  });
  return stringify({ groups }, { lineWidth: 0 });
}
