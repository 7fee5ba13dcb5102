import { Suspense } from 'react';
import { screen, waitFor } from '@testing-library/react';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import type {
  SignalsResponse,
  SummaryResponse,
} from '@stagewatch/backstage-plugin-observability-common';
import { useLocation } from 'react-router-dom';
import { ObservabilityApi, observabilityApiRef } from '../../api';
import { EntityObservabilityContent } from './EntityObservabilityContent';

// uPlot draws on canvas, which jsdom lacks; these tests read numbers through the table view.
jest.mock('uplot', () =>
  jest.fn().mockImplementation(() => ({
    destroy: jest.fn(),
    setData: jest.fn(),
    setSize: jest.fn(),
  })),
);

const entity = (annotations: Record<string, string> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default', annotations },
  spec: { type: 'service', owner: 'team-checkout', lifecycle: 'production' },
});
const checkout = entity({
  'observability/prometheus-selector': '{job="checkout"}',
});

const summary: SummaryResponse = {
  entityRef: 'component:default/checkout',
  scope: {
    selector: '{job="checkout"}',
    instance: 'demo',
    profile: 'prom-client-http',
  },
  time: 1_800_000_000,
  values: {
    requestRate: 12.5,
    errorRatio: 0.021,
    latencyP99: 0.456,
    saturation: 0.2,
    liveness: 1,
  },
  saturationUnit: 'cores',
  health: {
    verdict: 'degraded',
    reasons: [
      {
        signal: 'errorRatio',
        severity: 'degraded',
        message: 'Error ratio 2.10% is at or above 1.00%',
      },
    ],
  },
  warnings: [],
};

const signals = (from: number, to: number): SignalsResponse => ({
  entityRef: 'component:default/checkout',
  scope: summary.scope,
  range: { from, to, step: 60 },
  warnings: [],
  signals: [
    {
      name: 'requestRate',
      title: 'Traffic',
      unit: 'reqps',
      query: 'q',
      series: [
        {
          labels: {},
          points: [
            [from, 10],
            [from + 60, 12],
          ],
        },
      ],
    },
    {
      name: 'errorRatio',
      title: 'Errors',
      unit: 'ratio',
      query: 'q',
      series: [{ labels: {}, points: [[from, 0.01]] }],
    },
    {
      name: 'latencyP50',
      title: 'p50',
      unit: 'seconds',
      query: 'q',
      series: [{ labels: {}, points: [[from, 0.05]] }],
    },
    {
      name: 'latencyP95',
      title: 'p95',
      unit: 'seconds',
      query: 'q',
      series: [{ labels: {}, points: [[from, 0.2]] }],
    },
    {
      name: 'latencyP99',
      title: 'p99',
      unit: 'seconds',
      query: 'q',
      series: [{ labels: {}, points: [[from, 0.45]] }],
    },
    { name: 'saturation', title: 'CPU', unit: 'cores', query: 'q', series: [] },
    {
      name: 'liveness',
      title: 'Targets up',
      unit: 'ratio',
      query: 'q',
      series: [],
    },
  ],
});

function fakeApi(
  overrides: Partial<ObservabilityApi> = {},
): ObservabilityApi & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    getHealth: async () => ({ status: 'ok' }),
    getSummary: async () => {
      calls.push('summary');
      return summary;
    },
    getSignals: async (_e, range) => {
      calls.push(`signals ${range.to - range.from}`);
      return signals(range.from, range.to);
    },
    query: async () => {
      throw new Error('not used');
    },
    getSlos: async () => {
      calls.push('slos');
      return {
        entityRef: 'component:default/checkout',
        time: 0,
        slos: [],
        warnings: [],
      };
    },
    getOverview: async () => ({
      time: 0,
      rows: [],
      upstreamQueries: 0,
      warnings: [],
    }),
    getAlerts: async (_e, query) => ({
      entityRef: 'component:default/checkout',
      from: query.from,
      to: query.to,
      total: 0,
      alerts: [],
      permissions: {
        acknowledge: { allowed: true },
        silence: { allowed: true },
      },
    }),
    getAlertStats: async (_e, range) => ({
      entityRef: 'component:default/checkout',
      ...range,
      count: 0,
      firing: 0,
      acknowledged: 0,
      resolved: 0,
      mttaSeconds: null,
      mttrSeconds: null,
    }),
    acknowledgeAlert: jest.fn(),
    unacknowledgeAlert: jest.fn(),
    silenceAlert: jest.fn(),
    expireAlertSilence: jest.fn(),
    getEntityAlertRules: async () => ({
      entityRef: 'component:default/checkout',
      group: 'backstage:component:default/checkout',
      rules: [],
      validation: { valid: true, problems: [], promtool: 'unavailable' },
      delivery: { instance: 'default', method: 'files', status: 'pending' },
    }),
    getEntityAlertRulesFile: async () => 'groups: []\n',
    listRuleTemplates: async () => ({ templates: [] }),
    getRuleTemplate: jest.fn(),
    getRuleTemplateVersions: jest.fn(),
    createRuleTemplate: jest.fn(),
    updateRuleTemplate: jest.fn(),
    deleteRuleTemplate: jest.fn(),
    previewRuleTemplate: jest.fn(),
    getTraces: jest.fn(),
    getTrace: jest.fn(),
    getTraceOperations: jest.fn(),
    getLatencyExemplars: async () => ({ exemplars: [], warnings: [] }),
    ...overrides,
  };
}

const LocationProbe = () => (
  <div data-testid="location">{useLocation().search}</div>
);

function renderTab(
  api: ObservabilityApi,
  e: Entity = checkout,
  initialRouterEntries = ['/'],
) {
  // In the app every extension renders inside an ExtensionBoundary with a Suspense boundary;
  // the harness gives the tab the same, since translations may suspend on navigation.
  return renderInTestApp(
    <Suspense fallback={<div>suspended</div>}>
      <TestApiProvider apis={[[observabilityApiRef, api]]}>
        <EntityProvider entity={e}>
          <EntityObservabilityContent />
          <LocationProbe />
        </EntityProvider>
      </TestApiProvider>
    </Suspense>,
    { initialRouteEntries: initialRouterEntries },
  );
}

describe('EntityObservabilityContent', () => {
  it('shows the verdict, its reasons and the headline numbers, from two requests', async () => {
    const api = fakeApi();
    await renderTab(api);

    expect(await screen.findByText('Degraded')).toBeInTheDocument();
    expect(
      screen.getByText('Error ratio 2.10% is at or above 1.00%'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('summary-Request rate')).toHaveTextContent(
      '12.5 req/s',
    );
    expect(screen.getByTestId('summary-p99 latency')).toHaveTextContent(
      '456 ms',
    );
    await waitFor(() =>
      expect(api.calls.sort()).toEqual(['signals 3600', 'summary']),
    );
  });

  it('shows a loading state while the API answers', async () => {
    await renderTab(
      fakeApi({
        getSummary: () => new Promise(() => {}),
        getSignals: () => new Promise(() => {}),
      }),
    );
    expect(screen.getAllByTestId('progress').length).toBeGreaterThan(0);
  });

  it("shows the backend's message for a malformed annotation instead of charts", async () => {
    const failure = Object.assign(
      new Error('Request failed with 400 Bad Request'),
      {
        statusCode: 400,
        body: {
          error: {
            message:
              'component:default/checkout: annotation observability/prometheus-selector is malformed: expected "}"',
          },
        },
      },
    );
    await renderTab(
      fakeApi({
        getSummary: async () => Promise.reject(failure),
        getSignals: async () => Promise.reject(failure),
      }),
    );

    const alert = await screen.findByTestId('observability-annotation-error');
    expect(alert).toHaveTextContent(
      'annotation observability/prometheus-selector is malformed: expected "}"',
    );
    expect(screen.queryByText('Latency')).not.toBeInTheDocument();
  });

  it('shows an upstream error per section without crashing the page', async () => {
    const down = Object.assign(new Error('Request failed with 502'), {
      body: {
        error: {
          message: "Prometheus instance 'demo' is unreachable (ECONNREFUSED)",
        },
      },
    });
    await renderTab(fakeApi({ getSignals: async () => Promise.reject(down) }));
    expect(await screen.findByText('Degraded')).toBeInTheDocument();
    expect(
      (
        await screen.findAllByText(
          "Prometheus instance 'demo' is unreachable (ECONNREFUSED)",
        )
      ).length,
    ).toBe(4);
  });

  it('says so in each chart when the range has no data', async () => {
    await renderTab(
      fakeApi({
        getSignals: async (_e, range) => ({
          ...signals(range.from, range.to),
          signals: signals(range.from, range.to).signals.map(s => ({
            ...s,
            series: [],
          })),
        }),
      }),
    );
    expect(await screen.findAllByText('No data for this range')).toHaveLength(
      4,
    );
  });

  it('keeps the sections when the summary fails upstream, even if the message names the instance', async () => {
    const down = Object.assign(new Error('Request failed with 502'), {
      statusCode: 502,
      body: {
        error: {
          message: "Prometheus instance 'demo' is unreachable (ECONNREFUSED)",
        },
      },
    });
    await renderTab(fakeApi({ getSummary: async () => Promise.reject(down) }));

    expect(
      await screen.findByText(
        "Prometheus instance 'demo' is unreachable (ECONNREFUSED)",
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByTestId('observability-annotation-error'),
    ).not.toBeInTheDocument();
    expect(await screen.findByText('Latency')).toBeInTheDocument();
  });

  it('offers the annotation when it is missing', async () => {
    await renderTab(fakeApi(), entity());
    expect(await screen.findByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(
      screen.getAllByText(/observability\/prometheus-selector/).length,
    ).toBeGreaterThan(0);
  });

  it("asks for the alerts and their stats over the tab's range", async () => {
    const ranges: string[] = [];
    await renderTab(
      fakeApi({
        getAlerts: async (_e, query) => {
          ranges.push(`alerts ${query.state ?? 'all'} ${query.from}`);
          return fakeApi().getAlerts(_e, query);
        },
        getAlertStats: async (_e, range) => {
          ranges.push(`stats ${range.from}-${range.to}`);
          return fakeApi().getAlertStats(_e, range);
        },
      }),
      checkout,
      ['/?from=1800000000&to=1800003600'],
    );
    expect(await screen.findByTestId('alerts-empty')).toBeInTheDocument();
    expect(ranges.sort()).toEqual([
      'alerts all 1800000000',
      'alerts firing 1800000000',
      'stats 1800000000-1800003600',
    ]);
  });

  it('opens a copied link with a custom range as that range', async () => {
    const api = fakeApi();
    await renderTab(api, checkout, [
      '/?from=1800000000&to=1800003600&refresh=30s',
    ]);
    await waitFor(() => expect(api.calls).toContain('signals 3600'));
    expect(
      screen.getByTestId('observability-custom-range'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: /^Auto-refresh/ }),
    ).toHaveTextContent('Every 30s');
  });
});
