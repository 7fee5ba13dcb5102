import { createHash } from 'node:crypto';

/**
 * Every file and namespace the plugin writes starts with this; nothing else is ever deleted.
 *
 * @public
 */
export const MANAGED_PREFIX = 'backstage_';

const SAFE_PART = /^[a-z0-9-]+$/;
const SAFE_NAME = /^[a-z0-9_-]+$/;
const MAX_STEM = 180;

/**
 * A file-name (and ruler-namespace) safe stem for an entity's rules, e.g.
 * `backstage_component_default_checkout`. Kind and namespace never hold `_`, so the plain form
 * is unambiguous when the name holds only lower-case letters, digits, `-` and `_`; any other ref
 * (upper case, dots, odd kinds, very long) gets a hash of the whole ref so two entities never
 * share a file.
 *
 * @public
 */
export function ruleLocationStem(entityRef: string): string {
  const match = /^([^:]+):([^/]+)\/(.+)$/.exec(entityRef);
  const [kind, namespace, name] = match
    ? [match[1], match[2], match[3]]
    : ['entity', 'unknown', entityRef];
  const plain = `${MANAGED_PREFIX}${kind}_${namespace}_${name}`;
  const isPlain =
    SAFE_PART.test(kind) &&
    SAFE_PART.test(namespace) &&
    SAFE_NAME.test(name) &&
    plain.length <= MAX_STEM;
  if (isPlain) return plain;
  const hash = createHash('sha256')
    .update(entityRef)
    .digest('hex')
    .slice(0, 12);
  const readable = plain
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .slice(0, MAX_STEM - 13);
  return `${readable}_${hash}`;
}

/**
 * The rule file of an entity: `<stem>.yml`.
 *
 * @public
 */
export const ruleFileName = (entityRef: string) =>
  `${ruleLocationStem(entityRef)}.yml`;

/**
 * Only files the plugin wrote: its prefix, `.yml`, no path.
 *
 * @public
 */
export const isManagedRuleFile = (fileName: string) =>
  fileName.startsWith(MANAGED_PREFIX) &&
  fileName.endsWith('.yml') &&
  !fileName.includes('/');

/** @public */
export const contentHash = (yaml: string) =>
  createHash('sha256').update(yaml).digest('hex');
