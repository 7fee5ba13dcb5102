import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ANNOTATION_PROFILE,
  assertBoundedScope,
  ANNOTATION_PROMETHEUS_INSTANCE,
  ANNOTATION_PROMETHEUS_SELECTOR,
  EntityScope,
  formatSelector,
  LabelMatcher,
  parseSelector,
} from '@stagewatch/backstage-plugin-observability-common';
import { ObservabilityConfig } from '../config/readObservabilityConfig';
import { Profile } from '../profiles/Profile';

/** @public */
export interface ResolvedEntityScope {
  entityRef: string;
  matchers: LabelMatcher[];
  instance: string;
  profile: Profile;
  scope: EntityScope;
}

/**
 * Reads the entity's observability annotations into what a query needs. Any problem is a 400
 * that names the entity, the annotation and what is wrong with it.
 *
 * @public
 */
export function resolveEntityScope(
  entity: Entity,
  config: ObservabilityConfig,
): ResolvedEntityScope {
  const entityRef = stringifyEntityRef(entity);
  const annotations = entity.metadata.annotations ?? {};
  const selector = annotations[ANNOTATION_PROMETHEUS_SELECTOR];
  if (!selector || !selector.trim()) {
    throw new InputError(
      `${entityRef} has no ${ANNOTATION_PROMETHEUS_SELECTOR} annotation, so it has no metrics scope`,
    );
  }
  let matchers: LabelMatcher[];
  try {
    matchers = parseSelector(selector);
    assertBoundedScope(matchers);
  } catch (error) {
    throw new InputError(
      `${entityRef}: annotation ${ANNOTATION_PROMETHEUS_SELECTOR} is malformed: ${
        (error as Error).message
      }`,
    );
  }

  if (config.instances.length === 0) {
    throw new InputError(
      'No Prometheus instance is configured: set observability.prometheus.instances in app-config',
    );
  }
  const instance =
    annotations[ANNOTATION_PROMETHEUS_INSTANCE]?.trim() ||
    config.instances[0].name;
  if (!config.instances.some(i => i.name === instance)) {
    throw new InputError(
      `${entityRef}: annotation ${ANNOTATION_PROMETHEUS_INSTANCE} names '${instance}', which is not configured; known instances: ${config.instances
        .map(i => i.name)
        .join(', ')}`,
    );
  }

  const profileName =
    annotations[ANNOTATION_PROFILE]?.trim() || config.defaultProfile;
  const profile = config.profiles.get(profileName);
  if (!profile) {
    throw new InputError(
      `${entityRef}: annotation ${ANNOTATION_PROFILE} names '${profileName}', which is not a profile; known profiles: ${[
        ...config.profiles.keys(),
      ].join(', ')}`,
    );
  }

  return {
    entityRef,
    matchers,
    instance,
    profile,
    scope: {
      selector: formatSelector(matchers),
      instance,
      profile: profile.name,
    },
  };
}
