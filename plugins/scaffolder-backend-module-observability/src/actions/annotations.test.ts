import type { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  parseAlertRulesAnnotation,
  parseSelector,
  parseSloAnnotation,
} from '@stagewatch/backstage-plugin-observability-common';
import { exampleInputs, testConfig } from '../__testUtils__/actionTestKit';
import { createAnnotationsAction } from './annotations';
import { examples } from './annotations.examples';

const teamCheckout = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name: 'team-checkout',
    namespace: 'default',
    annotations: { 'observability/alert-receiver': 'team-checkout' },
  },
  spec: { type: 'team', children: [] },
};
const teamPlatform = {
  ...teamCheckout,
  metadata: { name: 'team-platform', namespace: 'default' },
};
const action = createAnnotationsAction({
  config: testConfig,
  catalog: catalogServiceMock({ entities: [teamCheckout, teamPlatform] }),
});

async function run(input: JsonObject, isDryRun = false) {
  const ctx = { ...createMockActionContext({ input }), isDryRun };
  await action.handler(ctx as never);
  return Object.fromEntries(
    (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
  ) as {
    annotations: Record<string, string>;
    selector: string;
    entityRef: string;
    receiverNote: string;
  };
}

const base = {
  name: 'orders',
  owner: 'group:default/team-checkout',
  metricsNamespace: 'shop',
};

describe('observability:annotations', () => {
  it.each(exampleInputs(examples, 'observability:annotations'))(
    'runs its example: $description',
    async ({ input }) => {
      const out = await run(input);
      const a = out.annotations;
      // Every annotation reads back through the plugin's own parsers.
      expect(parseSelector(a['observability/prometheus-selector'])).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'job', op: '=' }),
          expect.objectContaining({ name: 'namespace', op: '=' }),
        ]),
      );
      expect(
        parseAlertRulesAnnotation(a['observability/alert-rules']).length,
      ).toBeGreaterThan(0);
      if (a['observability/slos']) parseSloAnnotation(a['observability/slos']);
      expect(out.entityRef).toBe(`component:default/${input.name}`);
    },
  );

  it('writes the selector, profile, SLOs, alert rules and trace service of the form', async () => {
    const out = await run({
      ...base,
      availabilityObjective: 99.9,
      latencyObjective: 99,
      latencyThresholdSeconds: 0.3,
      severity: 'page',
      receiver: 'team-checkout',
    });
    expect(out.selector).toBe('{job="orders", namespace="shop"}');
    expect(out.annotations['observability/profile']).toBe('prom-client-http');
    expect(out.annotations['observability/trace-service']).toBe('orders');
    expect(parseSloAnnotation(out.annotations['observability/slos'])).toEqual([
      expect.objectContaining({
        name: 'availability',
        objective: 0.999,
        window: '30d',
        sli: { type: 'availability' },
      }),
      expect.objectContaining({
        name: 'latency',
        objective: 0.99,
        sli: { type: 'latency', thresholdSeconds: 0.3 },
      }),
    ]);
    expect(
      parseAlertRulesAnnotation(out.annotations['observability/alert-rules']),
    ).toEqual([
      { template: 'error-ratio', params: { severity: 'page' } },
      { template: 'latency', params: { severity: 'page' } },
    ]);
    expect(out.receiverNote).toBe(
      'alerts route to receiver team-checkout through group:default/team-checkout',
    );
  });

  it('answers the same in a dry run', async () => {
    const input = { ...base, availabilityObjective: 99.5 };
    expect(await run(input, true)).toEqual(await run(input));
  });

  it('says what to add when the owning group routes nowhere yet', async () => {
    const out = await run({
      ...base,
      owner: 'team-platform',
      receiver: 'team-platform',
    });
    expect(out.receiverNote).toBe(
      'group:default/team-platform has no observability/alert-receiver annotation: add observability/alert-receiver: team-platform to it so Alertmanager routes its alerts',
    );
    const stranger = await run({ ...base, owner: 'group:default/nobody' });
    expect(stranger.receiverNote).toMatch(/is not in the catalog/);
  });

  it.each([
    [
      { name: 'Orders!' },
      /^input\.name: 'Orders!' is not a valid service name/,
    ],
    [{ metricsNamespace: '' }, /^input\.(job \/ input\.)?metricsNamespace/],
    [
      { availabilityObjective: 120 },
      /^input\.availabilityObjective: must be a percentage/,
    ],
    [{ availabilityObjective: 99.12345 }, /^input\.availabilityObjective/],
    [
      { latencyObjective: 99 },
      /^input\.latencyThresholdSeconds: a latency SLO needs a threshold/,
    ],
    [
      { profile: 'statsd' },
      /^input\.profile: 'statsd' is not a profile; known: prom-client-http, otel-http/,
    ],
    [
      { prometheusInstance: 'us' },
      /^input\.prometheusInstance: 'us' is not configured; known: demo, eu/,
    ],
    [
      { traceInstance: 'tempo' },
      /^input\.traceInstance: 'tempo' is not configured; known: jaeger/,
    ],
    [
      { receiver: 'pagerduty' },
      /^input\.receiver: 'pagerduty' is not a receiver/,
    ],
    [{ owner: 'user:' }, /^input\.owner:/],
    [
      { alertRules: [{ template: 'Bad Id' }] },
      /^input\.alertRules: observability\/alert-rules/,
    ],
    [
      { alertRules: [{ template: 'saturation' }] },
      /would refuse these rules: saturation: .*threshold/,
    ],
    [
      { alertRules: [{ template: 'no-such-template' }] },
      /would refuse these rules: no-such-template: no rule template 'no-such-template'/,
    ],
  ])('refuses bad input %j, naming the field', async (bad, message) => {
    await expect(run({ ...base, ...bad })).rejects.toThrow(message);
  });
});
