import { Suspense } from 'react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import {
  TraceResponse,
  TracesResponse,
  TraceSpan,
} from '@stagewatch/backstage-plugin-observability-common';
import { ObservabilityApi, observabilityApiRef, TracesQuery } from '../../api';
import { TracesSection } from './TracesSection';

const entityRef = { kind: 'component', namespace: 'default', name: 'checkout' };
const source = {
  instance: 'demo-trace-store',
  type: 'jaeger' as const,
  service: 'checkout',
  links: { trace: 'http://jaeger.example/trace/{traceId}' },
};
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

const list = (traces: TracesResponse['traces']): TracesResponse => ({
  ...source,
  traces,
  from: 1000,
  to: 4600,
  warnings: [],
});
const summary = {
  traceId: TRACE,
  rootService: 'checkout',
  rootOperation: 'POST /api/checkout',
  startUs: 1_800_000_000_000_000,
  durationUs: 812_000,
  spanCount: 7,
  errorCount: 2,
  services: ['checkout', 'inventory', 'payments'],
};
const span = (over: Partial<TraceSpan>): TraceSpan => ({
  traceId: TRACE,
  spanId: '00f067aa0ba902b7',
  service: 'checkout',
  name: 'POST /api/checkout',
  kind: 'server',
  startUs: 1_800_000_000_000_000,
  durationUs: 812_000,
  status: 'unset',
  attributes: {},
  resource: {},
  events: [],
  links: [],
  ...over,
});
const trace: TraceResponse = {
  ...source,
  traceId: TRACE,
  spans: [
    span({}),
    span({
      spanId: '00f067aa0ba902b8',
      parentSpanId: '00f067aa0ba902b7',
      service: 'payments',
      name: 'POST /api/payments',
      startUs: 1_800_000_000_100_000,
      durationUs: 500_000,
      status: 'error',
    }),
  ],
};

function notConfigured(reason: string, message: string) {
  const error = new Error(message) as Error & {
    body: unknown;
    statusCode: number;
  };
  error.name = 'ResponseError';
  error.statusCode = 400;
  error.body = { error: { name: 'TracesNotConfiguredError', message, reason } };
  Object.setPrototypeOf(error, ResponseError.prototype);
  return error;
}

function renderSection(
  api: Partial<ObservabilityApi>,
  props: { traceService?: string; p99Seconds?: number | null } = {
    traceService: 'checkout',
  },
  route = '/',
) {
  const full = {
    getTraceOperations: async () => ({
      ...source,
      operations: ['GET /api/cart', 'POST /api/checkout'],
    }),
    ...api,
  } as unknown as ObservabilityApi;
  return renderInTestApp(
    <Suspense fallback={<div>suspended</div>}>
      <TestApiProvider apis={[[observabilityApiRef, full]]}>
        <TracesSection entityRef={entityRef} from={1000} to={4600} {...props} />
      </TestApiProvider>
    </Suspense>,
    { initialRouteEntries: [route] },
  );
}

describe('TracesSection', () => {
  it('lists traces with root operation, duration, spans, errors and services', async () => {
    await renderSection({ getTraces: async () => list([summary]) });
    const row = await screen.findByTestId('trace-row');
    expect(row).toHaveTextContent('checkout: POST /api/checkout');
    expect(row).toHaveTextContent('812.0 ms');
    expect(row).toHaveTextContent('7');
    expect(row).toHaveTextContent('2');
    expect(row).toHaveTextContent('checkout, inventory, payments');
    expect(screen.getByText(/in demo-trace-store/)).toBeInTheDocument();
  });

  it('asks for errors only with the Errors preset, and above the current p99 with Slow', async () => {
    const getTraces = jest.fn(async (_e: unknown, _q: TracesQuery) => list([]));
    await renderSection(
      { getTraces },
      { traceService: 'checkout', p99Seconds: 0.45 },
    );
    await screen.findByTestId('traces-empty');
    expect(getTraces.mock.calls.at(-1)![1]).toMatchObject({
      from: 1000,
      to: 4600,
      errorOnly: false,
      minDurationMs: undefined,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Errors' }));
    await waitFor(() =>
      expect(getTraces.mock.calls.at(-1)![1]).toMatchObject({
        errorOnly: true,
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Slow' }));
    await waitFor(() =>
      expect(getTraces.mock.calls.at(-1)![1]).toMatchObject({
        errorOnly: false,
        minDurationMs: 450,
      }),
    );
  });

  it('sends typed filters as structured fields', async () => {
    const getTraces = jest.fn(async (_e: unknown, _q: TracesQuery) => list([]));
    await renderSection({ getTraces });
    await screen.findByTestId('traces-empty');
    const attr = screen.getByLabelText('Attribute key=value');
    fireEvent.change(attr, { target: { value: 'http.route=/a=b' } });
    fireEvent.keyDown(attr, { key: 'Enter' });
    const min = screen.getByLabelText('Min duration (ms)');
    fireEvent.change(min, { target: { value: '250' } });
    fireEvent.blur(min);
    await waitFor(() =>
      expect(getTraces.mock.calls.at(-1)![1]).toMatchObject({
        attributes: [{ key: 'http.route', value: '/a=b' }],
        minDurationMs: 250,
      }),
    );
  });

  it('opens a trace in the waterfall, with a link to the instance UI', async () => {
    const getTrace = jest.fn(async () => trace);
    await renderSection({ getTraces: async () => list([summary]), getTrace });
    const row = await screen.findByTestId('trace-row');
    fireEvent.click(within(row).getByRole('button'));
    const detail = await screen.findByTestId('trace-detail');
    expect(getTrace).toHaveBeenCalledWith(entityRef, TRACE);
    expect(
      within(detail).getAllByText(/POST \/api\/payments/).length,
    ).toBeGreaterThan(0);
    const open = within(detail).getByRole('link', { name: /Open in/ });
    expect(open).toHaveAttribute(
      'href',
      `http://jaeger.example/trace/${TRACE}`,
    );
  });

  it('opens the trace named in the URL (exemplar dots and alert links land there)', async () => {
    const getTrace = jest.fn(async () => trace);
    await renderSection(
      { getTraces: async () => list([summary]), getTrace },
      { traceService: 'checkout' },
      `/?trace=${TRACE}&traces=errors&tracesMinMs=300`,
    );
    await screen.findByTestId('trace-detail');
    expect(getTrace).toHaveBeenCalledWith(entityRef, TRACE);
    expect(
      screen.getByText(/Traces slower than 300.0 ms in this window/),
    ).toBeInTheDocument();
  });

  it("says so when a trace is not one of the entity's", async () => {
    const error = Object.assign(new Error('not found'), { statusCode: 404 });
    await renderSection(
      {
        getTraces: async () => list([]),
        getTrace: async () => {
          throw error;
        },
      },
      { traceService: 'checkout' },
      `/?trace=${TRACE}`,
    );
    expect(await screen.findByTestId('trace-error')).toHaveTextContent(
      `Trace ${TRACE} is not one of this entity's traces`,
    );
  });

  it('shows the annotation snippet when the entity has no trace-service annotation', async () => {
    const getTraces = jest.fn();
    await renderSection({ getTraces }, {});
    expect(
      await screen.findByTestId('traces-no-annotation'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/observability\/trace-service: checkout/),
    ).toBeInTheDocument();
    expect(getTraces).not.toHaveBeenCalled();
  });

  it('shows the config snippet when the portal has no trace instance', async () => {
    await renderSection({
      getTraces: async () => {
        throw notConfigured(
          'no-instance',
          'No trace instance is configured: set observability.traces.instances in app-config',
        );
      },
    });
    expect(await screen.findByTestId('traces-no-instance')).toHaveTextContent(
      'No trace instance is configured',
    );
    expect(document.body).toHaveTextContent(/type: jaeger\s*# or tempo/);
  });

  it("shows an upstream failure's message without losing the section", async () => {
    await renderSection({
      getTraces: async () => {
        throw new Error(
          "Trace instance 'jaeger' is unreachable (ECONNREFUSED)",
        );
      },
    });
    expect(await screen.findByTestId('traces-error')).toHaveTextContent(
      "Trace instance 'jaeger' is unreachable",
    );
    expect(screen.getByRole('button', { name: 'Recent' })).toBeInTheDocument();
  });
});
