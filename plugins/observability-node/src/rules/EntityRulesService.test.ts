import { ConfigReader } from '@backstage/config';
import { readObservabilityConfig } from '../config/readObservabilityConfig';
import { component, selector } from '../__testUtils__/entities';
import { readAlertRulesConfig } from './alertRulesConfig';
import { builtinTemplates } from './builtinTemplates';
import { desiredEntityRules } from './EntityRulesService';

const config = readObservabilityConfig(
  new ConfigReader({
    observability: {
      prometheus: {
        instances: [{ name: 'default', baseUrl: 'http://prometheus:9090' }],
      },
    },
  }),
);
const rules = readAlertRulesConfig(
  new ConfigReader({}),
  new Map([['default', 'http://prometheus:9090']]),
);
const templates = new Map(builtinTemplates.map(t => [t.id, t]));
const slos = `- name: availability\n  objective: 99.9\n  window: 30d\n  sli: availability\n`;

describe('desired rules of an entity', () => {
  it('gets the defaults; slo-burn only with SLOs', () => {
    const plain = desiredEntityRules(
      component('checkout', selector('checkout')),
      {
        config,
        rules,
        templates,
      },
    );
    expect(plain.uses.map(u => u.template)).toEqual([
      'error-ratio',
      'latency',
      'target-down',
    ]);
    expect(plain.problems).toEqual([]);
    expect(plain.instance).toBe('default');
    const withSlos = desiredEntityRules(
      component('checkout', {
        ...selector('checkout'),
        'observability/slos': slos,
      }),
      { config, rules, templates },
    );
    expect(withSlos.uses.map(u => u.template)).toContain('slo-burn');
    expect(withSlos.rules.some(r => r.template === 'slo-burn')).toBe(true);
  });

  it('applies the annotation: tunes, switches off, adds', () => {
    const r = desiredEntityRules(
      component('checkout', {
        ...selector('checkout'),
        'observability/alert-rules':
          '- template: latency\n  params: { threshold: 300ms }\n- template: target-down\n  enabled: false\n- template: traffic-drop\n',
      }),
      { config, rules, templates },
    );
    expect(r.uses.map(u => u.template)).toEqual([
      'error-ratio',
      'latency',
      'traffic-drop',
    ]);
    expect(r.rules.find(x => x.template === 'latency')?.rule.expr).toMatch(
      /> 0\.3$/,
    );
    expect(r.annotationError).toBeUndefined();
  });

  it('keeps the defaults and says what is wrong with a malformed annotation', () => {
    const r = desiredEntityRules(
      component('checkout', {
        ...selector('checkout'),
        'observability/alert-rules': '- template: latency\n  parms: {}',
      }),
      { config, rules, templates },
    );
    expect(r.annotationError).toBe(
      'observability/alert-rules: item 1 (latency): unknown field parms (fields are template, params, enabled)',
    );
    expect(r.uses.map(u => u.template)).toEqual([
      'error-ratio',
      'latency',
      'target-down',
    ]);
    expect(r.rules.length).toBeGreaterThan(0);
  });

  it('reports a use whose params do not fit, naming the template', () => {
    const r = desiredEntityRules(
      component('checkout', {
        ...selector('checkout'),
        'observability/alert-rules':
          '- template: latency\n  params: { threshold: 0.3 }',
      }),
      { config, rules, templates },
    );
    expect(r.problems).toEqual([
      expect.objectContaining({
        template: 'latency',
        entityRef: 'component:default/checkout',
        message: expect.stringContaining(
          'params.threshold: must be a Prometheus duration',
        ),
      }),
    ]);
  });

  it('previews an edited annotation without the entity having it', () => {
    const r = desiredEntityRules(component('checkout', selector('checkout')), {
      config,
      rules,
      templates,
      annotationOverride: '- template: error-ratio\n  enabled: false',
    });
    expect(r.uses.map(u => u.template)).toEqual(['latency', 'target-down']);
  });

  it('refuses an entity without a usable selector', () => {
    expect(() =>
      desiredEntityRules(component('x', {}), { config, rules, templates }),
    ).toThrow('has no observability/prometheus-selector annotation');
  });
});
