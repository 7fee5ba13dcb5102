import { parser } from '@prometheus-io/lezer-promql';
import {
  parseSelector,
  RuleTemplate,
  RuleTemplateUse,
} from '@stagewatch/backstage-plugin-observability-common';
import fc from 'fast-check';
import { parse } from 'yaml';
import { component, selector } from '../__testUtils__/entities';
import {
  promClientHttpProfile,
  otelHttpProfile,
} from '../profiles/builtinProfiles';
import { builtinTemplates } from './builtinTemplates';
import { promtoolCheckRules } from './promtoolCheck';
import { renderEntityRules, ruleFileYaml } from './renderEntityRules';

const entity = component('checkout', selector('checkout'), {
  owner: 'team-checkout',
});
const matchers = parseSelector('{job="checkout", namespace="shop"}');
const target = {
  entityRef: 'component:default/checkout',
  matchers,
  profile: promClientHttpProfile,
};
const templates = new Map(builtinTemplates.map(t => [t.id, t]));
const slos = [
  {
    name: 'availability',
    objectivePercent: 99.9,
    objective: 0.999,
    window: '30d' as const,
    sli: { type: 'availability' as const },
  },
];
const allUses: RuleTemplateUse[] = [
  { template: 'error-ratio', params: { threshold: 0.02, severity: 'page' } },
  {
    template: 'latency',
    params: { threshold: '300ms', runbook: 'https://runbooks.example/latency' },
  },
  { template: 'target-down' },
  { template: 'saturation', params: { threshold: 0.8 } },
  { template: 'traffic-drop' },
  { template: 'slo-burn' },
];

/** Every vector selector of a query, as text. */
function selectors(expr: string): string[] {
  const found: string[] = [];
  parser.parse(expr).iterate({
    enter(node) {
      if (node.name === 'VectorSelector')
        found.push(expr.slice(node.from, node.to));
    },
  });
  return found;
}

describe('rendering an entity rule group', () => {
  const rendered = renderEntityRules({
    entity,
    target,
    uses: allUses,
    templates,
    slos,
  });

  it('renders every built-in template without problems, in one group named after the entity', () => {
    expect(rendered.problems).toEqual([]);
    expect(rendered.group.name).toBe('backstage:component:default/checkout');
    expect(new Set(rendered.rules.map(r => r.template))).toEqual(
      new Set(builtinTemplates.map(t => t.id)),
    );
  });

  it('labels every alert with entity, owner, template, version and severity, and recording rules with the entity only', () => {
    const alerts = rendered.rules.filter(r => r.rule.alert !== undefined);
    for (const { rule, template } of alerts) {
      expect(rule.labels).toMatchObject({
        backstage_entity: 'component:default/checkout',
        owner: 'group:default/team-checkout',
        template,
        template_version: '1',
      });
    }
    // A recording rule's labels are its series' identity: nothing that changes with a team
    // rename or a template edit, so 30-day averages over it never split.
    const recordings = rendered.rules.filter(r => r.rule.record !== undefined);
    expect(recordings.length).toBeGreaterThan(0);
    for (const { rule } of recordings) {
      expect(Object.keys(rule.labels ?? {}).sort()).toEqual([
        'backstage_entity',
        'slo',
      ]);
    }
    const severities = rendered.rules
      .filter(r => r.rule.alert !== undefined)
      .map(r => r.rule.labels?.severity);
    expect(severities.length).toBeGreaterThan(0);
    for (const severity of severities) {
      expect(severity).toMatch(/^(page|ticket)$/);
    }
    const errorRatio = rendered.rules.find(
      r => r.rule.alert === 'HighErrorRatio',
    )!;
    expect(errorRatio.rule).toMatchObject({
      for: '5m',
      labels: { severity: 'page', template: 'error-ratio' },
      annotations: {
        description: expect.stringContaining(
          'More than 2% of requests have failed',
        ),
      },
    });
    expect(errorRatio.rule.expr).toContain('> 0.02');
    expect(errorRatio.rule.annotations).not.toHaveProperty('runbook_url');
    const latency = rendered.rules.find(r => r.rule.alert === 'HighLatency')!;
    expect(latency.rule.expr).toMatch(
      /histogram_quantile\(0\.99, .*\) > 0\.3$/,
    );
    expect(latency.rule.annotations?.runbook_url).toBe(
      'https://runbooks.example/latency',
    );
  });

  it('scopes every selector of every rule to the entity', () => {
    for (const { rule } of rendered.rules) {
      const found = selectors(rule.expr);
      expect(found.length).toBeGreaterThan(0);
      for (const s of found) {
        // The SLO alerts read the SLO's own recorded series, scoped by the rule's labels.
        const expected = s.startsWith('slo:')
          ? ['backstage_entity="component:default/checkout"']
          : ['job="checkout"', 'namespace="shop"'];
        expect(expected.filter(m => !s.includes(m))).toEqual([]);
      }
    }
  });

  it('passes promtool check rules', async () => {
    const result = await promtoolCheckRules(ruleFileYaml([rendered.group]));
    // promtool comes with Debian's prometheus package, which make test installs.
    expect(result).toEqual({ status: 'passed' });
  });

  it('renders the OpenTelemetry profile too', async () => {
    const otel = renderEntityRules({
      entity,
      target: { ...target, profile: otelHttpProfile },
      uses: allUses,
      templates,
      slos,
    });
    expect(otel.problems).toEqual([]);
    expect(await promtoolCheckRules(ruleFileYaml([otel.group]))).toEqual({
      status: 'passed',
    });
  });
});

describe('a use that cannot render is left out and named; the others stay', () => {
  const render = (uses: RuleTemplateUse[], extra: RuleTemplate[] = []) =>
    renderEntityRules({
      entity,
      target,
      uses,
      templates: new Map([...templates, ...extra.map(t => [t.id, t] as const)]),
      slos,
    });

  it('an unknown template', () => {
    const r = render([{ template: 'nope' }, { template: 'error-ratio' }]);
    expect(r.problems).toEqual([
      expect.objectContaining({
        template: 'nope',
        message: expect.stringContaining("no rule template 'nope'"),
      }),
    ]);
    expect(r.rules.map(x => x.template)).toEqual(['error-ratio']);
  });

  it('PromQL injection through a parameter', () => {
    const r = render([
      {
        template: 'error-ratio',
        params: { threshold: '0) or up{job="billing"} > (0' },
      },
    ]);
    expect(r.problems[0].message).toContain(
      'params.threshold: must be a number',
    );
    expect(r.rules).toEqual([]);
  });

  it('a saturation use without its required threshold', () => {
    const r = render([{ template: 'saturation' }]);
    expect(r.problems[0].message).toContain('params.threshold: is required');
  });

  const custom = (patch: Partial<RuleTemplate>): RuleTemplate => ({
    id: 'custom',
    title: 'Custom',
    description: '',
    source: 'custom',
    version: 3,
    parameters: { type: 'object', properties: {} },
    rules: [{ alert: 'Custom', expr: 'up == 0' }],
    ...patch,
  });

  it.each([
    [
      'an expression that does not parse',
      { rules: [{ alert: 'A', expr: 'sum(' }] },
      /rules\[0\]\.expr: .*does not parse/,
    ],
    [
      'a selector for another entity',
      { rules: [{ alert: 'A', expr: 'up{job="payments"}' }] },
      /rules\[0\]\.expr/,
    ],
    [
      'the query template function',
      {
        rules: [
          {
            alert: 'A',
            expr: 'up == 0',
            annotations: { summary: '{{ query "secret" }}' },
          },
        ],
      },
      /query template function is not allowed/,
    ],
    [
      'an unclosed annotation template',
      {
        rules: [
          {
            alert: 'A',
            expr: 'up == 0',
            annotations: { summary: 'x\n{{ $value' },
          },
        ],
      },
      /annotations\.summary \(line 2, column 1\): unclosed/,
    ],
    [
      'a reserved label',
      {
        rules: [
          {
            alert: 'A',
            expr: 'up == 0',
            labels: { backstage_entity: 'component:default/payments' },
          },
        ],
      },
      /labels\.backstage_entity: is set by the plugin/,
    ],
    [
      'a recording rule with annotations',
      { rules: [{ record: 'x:y', expr: 'up', annotations: { a: 'b' } }] },
      /recording rule cannot have annotations/,
    ],
    [
      'a bad duration',
      { rules: [{ alert: 'A', expr: 'up == 0', for: 'soon' }] },
      /for must be a duration/,
    ],
    [
      'a bad label name',
      {
        rules: [{ alert: 'A', expr: 'up == 0', labels: { 'team-name': 'x' } }],
      },
      /label name "team-name" is not a valid label name/,
    ],
    [
      'duplicate rules',
      {
        rules: [
          { alert: 'A', expr: 'up == 0' },
          { alert: 'A', expr: 'up == 0' },
        ],
      },
      /duplicates an earlier rule/,
    ],
  ])('%s', (_name, patch, message) => {
    const r = render(
      [{ template: 'custom' }, { template: 'target-down' }],
      [custom(patch as Partial<RuleTemplate>)],
    );
    expect(r.problems).toEqual([
      expect.objectContaining({
        template: 'custom',
        message: expect.stringMatching(message),
      }),
    ]);
    expect(r.rules.map(x => x.template)).toEqual(['target-down']);
  });

  it('slo-burn with a malformed SLO annotation', () => {
    const r = renderEntityRules({
      entity,
      target,
      uses: [{ template: 'slo-burn' }, { template: 'error-ratio' }],
      templates,
      slos: { error: 'observability/slos: item 1: objective must be a number' },
    });
    expect(r.problems).toEqual([
      expect.objectContaining({
        template: 'slo-burn',
        message: expect.stringContaining('observability/slos'),
      }),
    ]);
    expect(r.rules.map(x => x.template)).toEqual(['error-ratio']);
  });
});

describe('rendered rules are scoped, whatever the parameters (property)', () => {
  it('every selector of every rendered rule carries the entity matchers', () => {
    const label = fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/);
    const value = fc.string({ maxLength: 12 }).filter(v => !v.includes('\\'));
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(label, value), {
          minLength: 1,
          maxLength: 3,
          selector: t => t[0],
        }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom('30s', '5m', '1h'),
        (pairs, threshold, window) => {
          const scope = pairs.map(([name, v]) => ({
            name,
            op: '=' as const,
            value: v,
          }));
          const r = renderEntityRules({
            entity,
            target: { ...target, matchers: scope },
            uses: [
              { template: 'error-ratio', params: { threshold, window } },
              { template: 'latency', params: { window } },
              { template: 'target-down' },
              { template: 'traffic-drop', params: { window } },
              { template: 'saturation', params: { threshold, window } },
            ],
            templates,
            slos: [],
          });
          expect(r.problems).toEqual([]);
          for (const { rule } of r.rules) {
            for (const s of selectors(rule.expr)) {
              for (const [name, v] of pairs) {
                expect(s).toContain(`${name}=${JSON.stringify(v)}`);
              }
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

it('the rule file is the YAML Prometheus reads', () => {
  const r = renderEntityRules({
    entity,
    target,
    uses: [{ template: 'error-ratio' }],
    templates,
    slos,
  });
  expect(parse(ruleFileYaml([r.group]))).toEqual({ groups: [r.group] });
});
