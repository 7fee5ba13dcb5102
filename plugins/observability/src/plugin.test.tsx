import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import type { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  entityObservabilityCard,
  entityObservabilityContent,
  overviewPage,
  ruleTemplatesPage,
} from './plugin';

const entity = (annotations?: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'x', annotations },
});
const annotated = entity({ 'observability/prometheus-selector': '{job="x"}' });
const malformed = entity({ 'observability/prometheus-selector': '{job="x' });
const plain = entity();

describe('observability plugin extensions', () => {
  it('puts the Observability tab only on annotated entities (a malformed annotation still gets it, to show the error)', () => {
    const tester = createExtensionTester(entityObservabilityContent);
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(annotated)).toBe(true);
    expect(filter(malformed)).toBe(true);
    expect(filter(plain)).toBe(false);
    expect(tester.get(coreExtensionData.routePath)).toBe('/observability');
  });

  it('puts the health card only on annotated entities', () => {
    const filter = createExtensionTester(entityObservabilityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(filter(annotated)).toBe(true);
    expect(filter(plain)).toBe(false);
  });

  it('mounts the overview page at /observability', () => {
    expect(
      createExtensionTester(overviewPage).get(coreExtensionData.routePath),
    ).toBe('/observability');
  });

  it('mounts the rule templates page under /observability', () => {
    expect(
      createExtensionTester(ruleTemplatesPage).get(coreExtensionData.routePath),
    ).toBe('/observability/rule-templates');
  });
});
