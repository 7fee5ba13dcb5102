import {
  mergeRuleTemplateUses,
  parseAlertRulesAnnotation,
  readAlertRulesAnnotation,
} from './alertRulesAnnotation';

describe('observability/alert-rules', () => {
  it('parses the README example', () => {
    expect(
      parseAlertRulesAnnotation(`
- template: error-ratio
  params: { threshold: 0.02, for: 5m, severity: page }
- template: latency
  params: { quantile: 0.99, threshold: 500ms }
- template: target-down
  enabled: false
`),
    ).toEqual([
      {
        template: 'error-ratio',
        params: { threshold: 0.02, for: '5m', severity: 'page' },
      },
      { template: 'latency', params: { quantile: 0.99, threshold: '500ms' } },
      { template: 'target-down', enabled: false },
    ]);
  });

  it.each([
    ['template: x', /must be a YAML list/],
    ['- [a', /is not valid YAML/],
    ['- 3', /item 1: must be a mapping/],
    ['- template: Error Ratio', /item 1: template must be a template id/],
    [
      '- template: latency\n  parms: {}',
      /item 1 \(latency\): unknown field parms/,
    ],
    [
      '- template: latency\n- template: latency',
      /item 2 \(latency\): template is listed twice/,
    ],
    [
      '- template: latency\n  params: [1]',
      /item 1 \(latency\): params must be a mapping/,
    ],
    [
      '- template: latency\n  enabled: "no"',
      /item 1 \(latency\): enabled must be true or false/,
    ],
  ])('names what is wrong in %j', (raw, message) => {
    expect(() => parseAlertRulesAnnotation(raw)).toThrow(message);
    const result = readAlertRulesAnnotation({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'x',
        annotations: { 'observability/alert-rules': raw },
      },
    });
    expect(result).toEqual({
      status: 'invalid',
      error: expect.stringMatching(message),
    });
  });

  it('merges the annotation over the defaults: tunes, switches off, adds', () => {
    expect(
      mergeRuleTemplateUses(
        [
          { template: 'error-ratio', params: { threshold: 0.05, for: '10m' } },
          { template: 'target-down' },
        ],
        [
          { template: 'error-ratio', params: { threshold: 0.02 } },
          { template: 'target-down', enabled: false },
          { template: 'latency' },
        ],
      ),
    ).toEqual([
      {
        template: 'error-ratio',
        params: { threshold: 0.02, for: '10m' },
        enabled: true,
      },
      { template: 'latency', params: {}, enabled: true },
    ]);
  });
});
