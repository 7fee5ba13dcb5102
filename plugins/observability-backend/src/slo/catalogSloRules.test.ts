import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import { findBinary } from '@internal/demo-stack';
import { parse, parseAllDocuments } from 'yaml';
import { readObservabilityConfig } from '../config/readObservabilityConfig';
import { catalogSloRules } from './catalogSloRules';

const root = path.resolve(__dirname, '../../../..');
const examples = path.join(root, 'examples/entities.yaml');
/** The demo stack copies every file of this folder into its Prometheus's rule_files at start. */
const demoRuleFile = path.join(
  root,
  'packages/demo-stack/config/rules/slo-rules.generated.yml',
);
const header = `# Generated from examples/entities.yaml by catalogSloRules (observability-backend).
# Regenerate: cd plugins/observability-backend && UPDATE_DEMO_SLO_RULES=1 yarn test src/slo/catalogSloRules.test.ts
`;

const config = readObservabilityConfig(
  new ConfigReader({
    observability: {
      prometheus: {
        instances: [{ name: 'demo', baseUrl: 'http://localhost:9090' }],
      },
    },
  }),
);
const demoEntities = () =>
  parseAllDocuments(readFileSync(examples, 'utf8'))
    .map(d => d.toJS() as Entity)
    .filter(e => e?.kind === 'Component');

describe('catalogSloRules', () => {
  it("is what the demo stack's Prometheus loads: the rules of every demo entity with SLOs", () => {
    const expected = header + catalogSloRules(demoEntities(), config);
    if (process.env.UPDATE_DEMO_SLO_RULES)
      writeFileSync(demoRuleFile, expected);
    // When this fails, examples/entities.yaml or the generator changed: regenerate (see header).
    expect(readFileSync(demoRuleFile, 'utf8')).toBe(expected);
    const groups = parse(expected).groups.map((g: any) => g.name);
    expect(groups).toEqual([
      'slo:component-default-checkout:availability',
      'slo:component-default-checkout:latency',
      'slo:component-default-payments:availability',
    ]);
  });

  it('passes promtool check rules', () => {
    const result = spawnSync(
      findBinary('promtool'),
      ['check', 'rules', demoRuleFile],
      {
        encoding: 'utf8',
      },
    );
    expect(result.stdout + result.stderr).toContain('SUCCESS: 30 rules found');
    expect(result.status).toBe(0);
  });

  it('names the entity when one has a malformed SLO spec instead of skipping it', () => {
    const broken = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'x',
        annotations: {
          'observability/prometheus-selector': '{job="x"}',
          'observability/slos':
            '- { name: a, objective: 101, sli: availability }',
        },
      },
    } as Entity;
    expect(() => catalogSloRules([broken], config)).toThrow(
      /^component:default\/x: observability\/slos: SLO 'a' objective/,
    );
  });
});
