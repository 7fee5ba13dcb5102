import { ConfigReader } from '@backstage/config';
import { DEFAULT_RULE_USES, readAlertRulesConfig } from './alertRulesConfig';

const instances = new Map([
  ['default', 'http://prometheus:9090'],
  ['mimir', 'https://mimir.example.com'],
]);
const read = (alertRules: object | undefined) =>
  readAlertRulesConfig(
    new ConfigReader({ observability: alertRules ? { alertRules } : {} }),
    instances,
  );

describe('observability.alertRules', () => {
  it('defaults to the golden-signal alerts, no delivery, promtool from PATH, every minute', () => {
    expect(read(undefined)).toEqual({
      defaults: DEFAULT_RULE_USES,
      delivery: new Map(),
      intervalSeconds: 60,
      promtool: 'promtool',
    });
  });

  it('reads defaults in the annotation shape, dropping switched-off ones', () => {
    expect(
      read({
        defaults: [
          { template: 'error-ratio', params: { threshold: 0.02 } },
          { template: 'latency', enabled: false },
        ],
      }).defaults,
    ).toEqual([{ template: 'error-ratio', params: { threshold: 0.02 } }]);
  });

  it('names what is wrong in the defaults', () => {
    expect(() => read({ defaults: [{ template: 'Error Ratio' }] })).toThrow(
      'observability.alertRules.defaults: item 1: template must be a template id',
    );
  });

  it('reads delivery per instance', () => {
    const config = read({
      delivery: [
        {
          instance: 'default',
          type: 'files',
          directory: '/etc/prometheus/rules/backstage',
        },
        {
          instance: 'mimir',
          type: 'ruler',
          baseUrl: 'https://mimir.example.com/',
          headers: { 'X-Scope-OrgID': 'shop' },
        },
      ],
      interval: '30s',
      promtool: false,
    });
    expect(config.delivery.get('default')).toEqual({
      type: 'files',
      instance: 'default',
      directory: '/etc/prometheus/rules/backstage',
      reloadUrl: 'http://prometheus:9090',
    });
    expect(config.delivery.get('mimir')).toEqual({
      type: 'ruler',
      instance: 'mimir',
      baseUrl: 'https://mimir.example.com',
      pathPrefix: '/prometheus',
      headers: { 'X-Scope-OrgID': 'shop' },
    });
    expect(config.intervalSeconds).toBe(30);
    expect(config.promtool).toBeUndefined();
  });

  it.each([
    [
      { delivery: [{ instance: 'nope', type: 'none' }] },
      "delivery 'nope': no Prometheus instance of that name",
    ],
    [
      { delivery: [{ instance: 'default', type: 'ftp' }] },
      'type must be files, ruler or none',
    ],
    [
      {
        delivery: [
          { instance: 'default', type: 'none' },
          { instance: 'default', type: 'none' },
        ],
      },
      'configured twice',
    ],
    [
      {
        delivery: [{ instance: 'mimir', type: 'ruler', baseUrl: 'mimir:8080' }],
      },
      'baseUrl must start with http',
    ],
    [{ interval: 'often' }, 'interval must be a duration'],
  ])('refuses %j', (alertRules, message) => {
    expect(() => read(alertRules)).toThrow(message);
  });
});
