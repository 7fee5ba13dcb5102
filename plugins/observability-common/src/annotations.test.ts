import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_PROMETHEUS_SELECTOR,
  getPrometheusSelectorAnnotation,
  isObservabilityAvailable,
} from './annotations';

const entity = (annotations?: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', annotations },
});

describe('isObservabilityAvailable', () => {
  it('is true for an entity with a selector annotation', () => {
    expect(
      isObservabilityAvailable(
        entity({ [ANNOTATION_PROMETHEUS_SELECTOR]: '{job="checkout"}' }),
      ),
    ).toBe(true);
  });

  it('is true for a malformed selector, so the page can report it', () => {
    expect(
      isObservabilityAvailable(
        entity({ [ANNOTATION_PROMETHEUS_SELECTOR]: '{job="checkout' }),
      ),
    ).toBe(true);
  });

  it('is false without annotations, or with a blank selector', () => {
    expect(isObservabilityAvailable(entity())).toBe(false);
    expect(isObservabilityAvailable(entity({ other: 'x' }))).toBe(false);
    expect(
      isObservabilityAvailable(
        entity({ [ANNOTATION_PROMETHEUS_SELECTOR]: '   ' }),
      ),
    ).toBe(false);
    expect(
      getPrometheusSelectorAnnotation(
        entity({ [ANNOTATION_PROMETHEUS_SELECTOR]: '' }),
      ),
    ).toBeUndefined();
  });
});
