import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import { findBinary } from '@internal/demo-stack';
import { parse, parseAllDocuments } from 'yaml';
import { catalogSloRules } from './catalogSloRules';
import { readObservabilityConfig } from '@stagewatch/backstage-plugin-observability-node';

const root = path.resolve(__dirname, '../../../..');
const examples = path.join(root, 'examples/entities.yaml');

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
  // One file for many entities, for operators who load SLO rules themselves. The demo no longer
  // loads a generated file: the portal delivers every entity's rules (slo-burn among them).
  const file = path.join(
    mkdtempSync(path.join(os.tmpdir(), 'slo-rules-')),
    'slo.yml',
  );
  afterAll(() => rmSync(path.dirname(file), { recursive: true, force: true }));

  it('holds the rules of every demo entity with SLOs, one group per SLO', () => {
    const groups = parse(catalogSloRules(demoEntities(), config)).groups.map(
      (g: any) => g.name,
    );
    expect(groups).toEqual([
      'slo:component-default-checkout:availability',
      'slo:component-default-checkout:latency',
      'slo:component-default-payments:availability',
    ]);
  });

  it('passes promtool check rules', () => {
    writeFileSync(file, catalogSloRules(demoEntities(), config));
    const result = spawnSync(findBinary('promtool'), ['check', 'rules', file], {
      encoding: 'utf8',
    });
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
