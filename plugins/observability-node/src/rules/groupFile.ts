import { contentHash } from './delivery/ruleLocation';
import { PromRuleGroup } from './ruleGroupStructure';
import { ruleFileYaml } from './renderEntityRules';

const files = new WeakMap<PromRuleGroup, { yaml: string; hash: string }>();

/**
 * An entity's rule file and its content hash, computed once per rendered group: the delivery
 * task compares and validates every entity every interval, and the renderer hands back the
 * same group object while an entity's inputs are unchanged. Groups are never modified after
 * rendering.
 *
 * @public
 */
export function groupFile(group: PromRuleGroup): {
  yaml: string;
  hash: string;
} {
  let file = files.get(group);
  if (!file) {
    const yaml = ruleFileYaml([group]);
    file = { yaml, hash: contentHash(yaml) };
    files.set(group, file);
  }
  return file;
}
