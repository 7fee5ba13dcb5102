import { Suspense } from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import type {
  EntityAlertRulesResponse,
  EntityRuleView,
  RulePreviewResponse,
} from '@stagewatch/backstage-plugin-observability-common';
import { ObservabilityApi, observabilityApiRef } from '../../api';
import { AlertRulesSection } from './AlertRulesSection';

const NOW = 1_800_000_000;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const entityRef = { kind: 'component', namespace: 'default', name: 'checkout' };

beforeEach(() => {
  jest.spyOn(Date, 'now').mockReturnValue(NOW * 1000);
});
afterEach(() => jest.restoreAllMocks());

const rule = (over: Partial<EntityRuleView>): EntityRuleView => ({
  name: 'HighErrorRatio',
  type: 'alerting',
  template: 'error-ratio',
  templateVersion: 1,
  params: { threshold: 0.02, for: '5m', severity: 'page' },
  expr: 'sum(rate(http_requests_total{service="checkout",code=~"5.."}[5m])) / sum(rate(http_requests_total{service="checkout"}[5m])) > 0.02',
  for: '5m',
  severity: 'page',
  runbookUrl: 'https://runbooks.example.com/error-ratio',
  labels: {},
  annotations: {},
  live: {
    loaded: true,
    health: 'ok',
    state: 'firing',
    lastEvaluation: iso(NOW - 20),
    checkedAt: iso(NOW - 10),
  },
  ...over,
});

const latency = rule({
  name: 'HighLatency',
  template: 'latency',
  params: { quantile: 0.99, threshold: '500ms' },
  severity: 'ticket',
  // eslint-disable-next-line no-script-url -- what the portal must not link
  runbookUrl: 'javascript:alert(1)',
  live: {
    loaded: false,
    health: 'err',
    lastError: 'many-to-many matching not allowed',
    state: 'inactive',
    checkedAt: iso(NOW - 10),
  },
});

const response = (
  over: Partial<EntityAlertRulesResponse> = {},
): EntityAlertRulesResponse => ({
  entityRef: 'component:default/checkout',
  group: 'backstage:component:default/checkout',
  rules: [rule({}), latency],
  validation: { valid: true, problems: [], promtool: 'passed' },
  delivery: {
    instance: 'default',
    method: 'files',
    status: 'delivered',
    location: '/etc/prometheus/rules/backstage/component-default-checkout.yml',
    deliveredAt: iso(NOW - 300),
    contentHash: 'a1b2c3d4e5f60718293a4b5c',
  },
  ...over,
});

const preview: RulePreviewResponse = {
  yaml: 'groups:\n  - name: backstage:component:default/checkout\n    rules:\n      - alert: HighErrorRatio\n',
  rules: [rule({ live: undefined })],
  validation: {
    valid: false,
    problems: [
      {
        template: 'saturation',
        entityRef: 'component:default/checkout',
        message:
          'annotation item 2 (saturation): params.threshold: must be a number',
      },
    ],
    promtool: 'unavailable',
  },
};

function fakeApi(overrides: Partial<ObservabilityApi> = {}) {
  return {
    getEntityAlertRules: jest.fn(async () => response()),
    getEntityAlertRulesFile: jest.fn(async () => 'groups: []\n'),
    previewRuleTemplate: jest.fn(async () => preview),
    ...overrides,
  } as unknown as jest.Mocked<ObservabilityApi>;
}

function renderSection(api: ObservabilityApi, annotation?: string) {
  return renderInTestApp(
    <Suspense fallback={<div>suspended</div>}>
      <TestApiProvider apis={[[observabilityApiRef, api]]}>
        <div id="observability-alerts">alerts</div>
        <AlertRulesSection entityRef={entityRef} annotation={annotation} />
      </TestApiProvider>
    </Suspense>,
  );
}

// Typing into the preview field is slow on a busy machine; the default 5 s is short.
jest.setTimeout(30_000);

describe('AlertRulesSection', () => {
  it('shows progress while the rules load', async () => {
    await renderSection(
      fakeApi({ getEntityAlertRules: jest.fn(() => new Promise(() => {})) }),
    );
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('lists each rule with its live state, template, parameters, scoped expression and runbook', async () => {
    const scrollIntoView = jest.fn();
    Element.prototype.scrollIntoView = scrollIntoView;
    await renderSection(fakeApi());
    const high = await screen.findByTestId('alert-rule-HighErrorRatio');
    expect(within(high).getByTestId('rule-state')).toHaveTextContent('firing');
    expect(within(high).getByTestId('rule-health')).toHaveTextContent(
      'health ok',
    );
    expect(within(high).getByTestId('rule-loaded')).toHaveTextContent('loaded');
    expect(within(high).getByText('page')).toBeInTheDocument();
    expect(high).toHaveTextContent('Template error-ratio v1');
    expect(high).toHaveTextContent('for 5m');
    expect(within(high).getByTestId('rule-params')).toHaveTextContent(
      'threshold=0.02 · for=5m · severity=page',
    );
    expect(within(high).getByTestId('rule-expr')).toHaveTextContent(
      'code=~"5.."',
    );
    expect(high).toHaveTextContent('evaluated just now');
    expect(within(high).getByRole('link', { name: 'Runbook' })).toHaveAttribute(
      'href',
      'https://runbooks.example.com/error-ratio',
    );
    await userEvent.click(within(high).getByTestId('rule-firing-link'));
    expect(scrollIntoView).toHaveBeenCalled();

    const slow = screen.getByTestId('alert-rule-HighLatency');
    expect(within(slow).getByTestId('rule-state')).toHaveTextContent(
      'inactive',
    );
    expect(within(slow).getByTestId('rule-loaded')).toHaveTextContent(
      'not loaded',
    );
    expect(within(slow).getByTestId('rule-last-error')).toHaveTextContent(
      'Last evaluation failed: many-to-many matching not allowed',
    );
    expect(within(slow).queryByTestId('rule-firing-link')).toBeNull();
    // A runbook that is not http(s) is text, never a link.
    expect(within(slow).queryByRole('link')).toBeNull();
    expect(slow).toHaveTextContent('Runbook: javascript:alert(1)');

    const delivery = screen.getByTestId('rule-delivery');
    expect(within(delivery).getByTestId('delivery-status')).toHaveTextContent(
      'delivered',
    );
    expect(delivery).toHaveTextContent('default');
    expect(delivery).toHaveTextContent('rule file + reload');
    expect(delivery).toHaveTextContent(
      '/etc/prometheus/rules/backstage/component-default-checkout.yml',
    );
    expect(delivery).toHaveTextContent('5m ago');
    expect(screen.queryByTestId('rule-validation')).toBeNull();
    expect(screen.queryByTestId('alert-rules-none-loaded')).toBeNull();
  });

  it('puts firing rules first and folds recording rules away under their count', async () => {
    const recording = rule({
      name: 'slo:sli_error:ratio_rate5m',
      type: 'recording',
      template: 'slo-burn',
      params: {},
      severity: undefined,
      runbookUrl: undefined,
      for: undefined,
      live: { loaded: true, health: 'err', checkedAt: iso(NOW) },
    });
    await renderSection(
      fakeApi({
        getEntityAlertRules: jest.fn(async () =>
          response({ rules: [latency, recording, rule({})] }),
        ),
      }),
    );
    await screen.findByTestId('alert-rule-HighErrorRatio');
    const names = screen
      .getAllByTestId(/^alert-rule-/)
      .map(el => el.getAttribute('data-testid'));
    expect(names).toEqual([
      'alert-rule-HighErrorRatio',
      'alert-rule-HighLatency',
    ]);
    const folded = screen.getByTestId('recording-rules');
    expect(folded).toHaveTextContent('1 recording rule (1 with errors)');
    await userEvent.click(within(folded).getByText(/1 recording rule/));
    expect(
      await screen.findByTestId('alert-rule-slo:sli_error:ratio_rate5m'),
    ).toHaveTextContent('recording rule');
  });

  it('says so when the rules were delivered but Prometheus runs none of them', async () => {
    const unloaded = { loaded: false, checkedAt: iso(NOW) };
    await renderSection(
      fakeApi({
        getEntityAlertRules: jest.fn(async () =>
          response({
            rules: [rule({ live: unloaded }), { ...latency, live: unloaded }],
          }),
        ),
      }),
    );
    expect(
      await screen.findByTestId('alert-rules-none-loaded'),
    ).toHaveTextContent(
      'delivered to default, but Prometheus runs none of them: check that the instance loads the delivered files (/etc/prometheus/rules/backstage/component-default-checkout.yml) through rule_files',
    );
  });

  it('says how to get rules when the entity has none', async () => {
    await renderSection(
      fakeApi({
        getEntityAlertRules: jest.fn(async () => response({ rules: [] })),
      }),
    );
    expect(await screen.findByTestId('alert-rules-empty')).toHaveTextContent(
      "No rules: add observability/alert-rules to the entity's catalog-info.yaml or configure defaults",
    );
  });

  it('shows an annotation error, validation problems and a failed delivery', async () => {
    await renderSection(
      fakeApi({
        getEntityAlertRules: jest.fn(async () =>
          response({
            annotationError:
              'observability/alert-rules: item 1: unknown field "parms"',
            validation: {
              valid: false,
              problems: [
                {
                  template: 'my-template',
                  entityRef: 'component:default/checkout',
                  message:
                    'rules[0].expr (line 1, column 9): unknown parameter ${limit}',
                },
              ],
              promtool: 'failed',
              promtoolMessage: 'FAILED: 1 error',
            },
            delivery: {
              instance: 'default',
              method: 'files',
              status: 'not-delivered',
              error: 'POST /-/reload: connection refused',
            },
          }),
        ),
      }),
    );
    expect(
      await screen.findByTestId('alert-rules-annotation-error'),
    ).toHaveTextContent(
      'annotation is not valid, so only the defaults apply: observability/alert-rules: item 1: unknown field "parms"',
    );
    const problems = screen.getByTestId('rule-problems');
    expect(problems).toHaveTextContent(
      'my-template: rules[0].expr (line 1, column 9): unknown parameter ${limit}',
    );
    expect(within(problems).getByTestId('problem-position')).toHaveTextContent(
      'rules[0].expr, line 1, column 9',
    );
    expect(screen.getByTestId('promtool-status')).toHaveAttribute(
      'data-status',
      'failed',
    );
    expect(screen.getByTestId('promtool-message')).toHaveTextContent(
      'FAILED: 1 error',
    );
    expect(screen.getByTestId('delivery-status')).toHaveTextContent(
      'not delivered',
    );
    expect(screen.getByTestId('delivery-error')).toHaveTextContent(
      'Last delivery failed: POST /-/reload: connection refused',
    );
  });

  it("shows the backend's message when the rules cannot be loaded", async () => {
    const failure = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'Error', message: 'Prometheus is unreachable' },
          response: { statusCode: 502 },
        }),
        { status: 502, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    await renderSection(
      fakeApi({
        getEntityAlertRules: jest.fn(async () => Promise.reject(failure)),
      }),
    );
    expect(await screen.findByTestId('alert-rules-error')).toHaveTextContent(
      'Could not load the alert rules: Prometheus is unreachable',
    );
  });

  it('previews an edited annotation, starting from the current one', async () => {
    const api = fakeApi();
    const current = '- template: error-ratio\n  params: { threshold: 0.02 }';
    await renderSection(api, current);
    await screen.findByTestId('alert-rule-HighErrorRatio');
    await userEvent.click(screen.getByText('Preview a change'));
    const panel = screen.getByTestId('rule-preview-panel');
    expect(panel).toHaveTextContent('catalog-info.yaml');
    const field = within(panel).getByLabelText(
      'Edited observability/alert-rules annotation',
    );
    expect(field).toHaveValue(current);
    await userEvent.type(field, '\n- template: saturation');
    await userEvent.click(
      within(panel).getByRole('button', { name: 'Preview' }),
    );
    const result = await screen.findByTestId('rule-preview-result');
    expect(api.previewRuleTemplate).toHaveBeenCalledWith({
      entityRef: 'component:default/checkout',
      annotation: `${current}\n- template: saturation`,
    });
    expect(within(result).getByTestId('rendered-yaml')).toHaveTextContent(
      'alert: HighErrorRatio',
    );
    expect(within(result).getByTestId('rule-problem')).toHaveTextContent(
      'saturation: annotation item 2 (saturation): params.threshold: must be a number',
    );
    expect(within(result).getByTestId('promtool-status')).toHaveTextContent(
      'promtool is not installed',
    );
  });

  it('shows the rule file on request', async () => {
    const api = fakeApi();
    await renderSection(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Show rule file' }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('rendered-yaml')).toHaveTextContent(
        'groups: []',
      ),
    );
    expect(api.getEntityAlertRulesFile).toHaveBeenCalledTimes(1);
  });
});
