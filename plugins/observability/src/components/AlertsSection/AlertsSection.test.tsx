import { Suspense } from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import type {
  AlertsResponse,
  AlertStatsResponse,
  AlertView,
} from '@stagewatch/backstage-plugin-observability-common';
import { ObservabilityApi, observabilityApiRef } from '../../api';
import { AlertsSection } from './AlertsSection';

const NOW = 1_800_000_000;
const entityRef = { kind: 'component', namespace: 'default', name: 'checkout' };
const from = NOW - 86400;

beforeEach(() => {
  jest.spyOn(Date, 'now').mockReturnValue(NOW * 1000);
});
afterEach(() => jest.restoreAllMocks());

const alert = (over: Partial<AlertView>): AlertView => ({
  id: 'a1',
  fingerprint: 'f1',
  alertname: 'HighErrorRate',
  severity: 'critical',
  status: 'firing',
  labels: {},
  annotations: {},
  generatorURL: null,
  startsAt: NOW - 600,
  endsAt: null,
  value: null,
  entityRefs: ['component:default/checkout'],
  acknowledged: null,
  silenced: null,
  events: [],
  ...over,
});

const highErrors = alert({
  annotations: {
    summary: 'Checkout fails 12% of requests',
    description: 'More than 5% of requests answer 5xx for 5 minutes.',
    runbook_url: 'https://runbooks.example.com/high-error-rate',
  },
  generatorURL: 'http://prometheus:9090/graph?g0.expr=x',
  value: '0.12',
  acknowledged: {
    by: 'user:default/jane',
    time: NOW - 300,
    note: 'looking into it',
  },
  events: [
    { type: 'fired', time: NOW - 600, actor: 'webhook', note: null },
    {
      type: 'acknowledged',
      time: NOW - 300,
      actor: 'user:default/jane',
      note: 'looking into it',
    },
  ],
});
const slowCheckout = alert({
  id: 'a2',
  alertname: 'SlowCheckout',
  severity: 'warning',
  startsAt: NOW - 3 * 3600,
  silenced: {
    silenceId: 's1',
    by: 'user:default/bob',
    time: NOW - 600,
    endsAt: NOW + 3000,
    note: 'deploy in progress',
  },
});
const diskFilling = alert({
  id: 'a3',
  alertname: 'DiskFilling',
  severity: 'info',
  status: 'resolved',
  startsAt: NOW - 7200,
  endsAt: NOW - 7200 + 720,
  // Out of order on purpose: the timeline shows them by time.
  events: [
    { type: 'resolved', time: NOW - 6480, actor: 'webhook', note: null },
    {
      type: 'silenced',
      time: NOW - 7000,
      actor: 'user:default/jane',
      note: 'expected during backup',
    },
    { type: 'fired', time: NOW - 7200, actor: 'webhook', note: null },
    {
      type: 'acknowledged',
      time: NOW - 7100,
      actor: 'user:default/jane',
      note: 'on it',
    },
    {
      type: 'silence_expired',
      time: NOW - 6500,
      actor: 'reconciler',
      note: null,
    },
  ],
});

const allowed = {
  acknowledge: { allowed: true },
  silence: { allowed: true },
};

const page = (
  alerts: AlertView[],
  over: Partial<AlertsResponse> = {},
): AlertsResponse => ({
  entityRef: 'component:default/checkout',
  from,
  to: NOW,
  total: alerts.length,
  alerts,
  permissions: allowed,
  ...over,
});

const stats = (over: Partial<AlertStatsResponse> = {}): AlertStatsResponse => ({
  entityRef: 'component:default/checkout',
  from,
  to: NOW,
  count: 3,
  firing: 2,
  acknowledged: 2,
  resolved: 1,
  mttaSeconds: 252,
  mttrSeconds: 3780,
  ...over,
});

/** Firing alerts when asked for `state=firing`, every alert otherwise. */
function fakeApi(overrides: Partial<ObservabilityApi> = {}) {
  return {
    getAlerts: jest.fn(async (_e, query) =>
      query.state === 'firing'
        ? page([highErrors, slowCheckout])
        : page([highErrors, slowCheckout, diskFilling]),
    ),
    getAlertStats: jest.fn(async () => stats()),
    acknowledgeAlert: jest.fn(async () => highErrors),
    unacknowledgeAlert: jest.fn(async () => highErrors),
    silenceAlert: jest.fn(async () => highErrors),
    expireAlertSilence: jest.fn(async () => highErrors),
    ...overrides,
  } as jest.Mocked<ObservabilityApi>;
}

function renderSection(api: ObservabilityApi) {
  return renderInTestApp(
    <Suspense fallback={<div>suspended</div>}>
      <TestApiProvider apis={[[observabilityApiRef, api]]}>
        <AlertsSection entityRef={entityRef} from={from} to={NOW} />
      </TestApiProvider>
    </Suspense>,
  );
}

const failure = (status: number, message: string) =>
  ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'Error', message },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );

// The dialog tests take 3-4 s alone; with other suites running beside them 5 s is too little.
jest.setTimeout(20_000);

describe('AlertsSection', () => {
  it('lists firing alerts with severity, annotations, value, runbook and who acknowledged or silenced them', async () => {
    await renderSection(fakeApi());
    const high = await screen.findByTestId('firing-alert-a1');
    expect(within(high).getByText('critical')).toBeInTheDocument();
    expect(
      within(high).getByText('critical').closest('[data-level]'),
    ).toHaveAttribute('data-level', 'critical');
    expect(
      within(high).getByText('Checkout fails 12% of requests'),
    ).toBeInTheDocument();
    expect(
      within(high).getByText(
        'More than 5% of requests answer 5xx for 5 minutes.',
      ),
    ).toBeInTheDocument();
    expect(high).toHaveTextContent('since 10m ago · value 0.12');
    const runbook = within(high).getByRole('link', { name: 'Runbook' });
    expect(runbook).toHaveAttribute(
      'href',
      'https://runbooks.example.com/high-error-rate',
    );
    expect(runbook).toHaveAttribute('target', '_blank');
    expect(within(high).getByRole('link', { name: 'Source' })).toHaveAttribute(
      'href',
      'http://prometheus:9090/graph?g0.expr=x',
    );
    expect(within(high).getByTestId('alert-acknowledged')).toHaveTextContent(
      'Acknowledged by jane 5m ago: “looking into it”',
    );
    expect(
      within(high).getByRole('button', { name: 'Unacknowledge HighErrorRate' }),
    ).toBeEnabled();
    expect(
      within(high).getByRole('button', { name: 'Silence HighErrorRate' }),
    ).toBeEnabled();

    const slow = screen.getByTestId('firing-alert-a2');
    expect(
      within(slow).getByText('warning').closest('[data-level]'),
    ).toHaveAttribute('data-level', 'warning');
    expect(within(slow).getByTestId('alert-silenced')).toHaveTextContent(
      /^Silenced by bob until .+ \(in 50m\): “deploy in progress”$/,
    );
    expect(
      within(slow).getByRole('button', { name: 'Acknowledge SlowCheckout' }),
    ).toBeInTheDocument();
    expect(
      within(slow).getByRole('button', {
        name: 'Expire silence of SlowCheckout',
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('Firing now (2)')).toBeInTheDocument();
  });

  it('shows a runbook or source that is not an http(s) URL as text, never as a link', async () => {
    const scripted = alert({
      id: 'a4',
      alertname: 'Scripted',
      // eslint-disable-next-line no-script-url -- what the portal must not link
      annotations: { runbook_url: 'javascript:alert(1)' },
      // eslint-disable-next-line no-script-url
      generatorURL: 'javascript:alert(document.domain)',
    });
    const mixed = alert({
      id: 'a5',
      alertname: 'Mixed',
      annotations: { runbook_url: 'https://runbooks.example.com/mixed' },
      generatorURL: ' java\tscript:alert(2)',
    });
    await renderSection(
      fakeApi({ getAlerts: jest.fn(async () => page([scripted, mixed])) }),
    );
    const first = await screen.findByTestId('firing-alert-a4');
    expect(within(first).queryByRole('link')).not.toBeInTheDocument();
    expect(first).toHaveTextContent(
      'Runbook: javascript:alert(1) · Source: javascript:alert(document.domain)',
    );
    const second = screen.getByTestId('firing-alert-a5');
    expect(within(second).getAllByRole('link')).toHaveLength(1);
    expect(
      within(second).getByRole('link', { name: 'Runbook' }),
    ).toHaveAttribute('href', 'https://runbooks.example.com/mixed');
    // As written, tab included: toHaveTextContent would collapse it.
    expect(
      within(second).getByTestId('external-link-as-text').textContent,
    ).toBe('Source:  java\tscript:alert(2)');
    expect(document.querySelector('a[href*="script" i]')).toBeNull();
  });

  it('disables an action the user may not take and says why on hover', async () => {
    const api = fakeApi({
      getAlerts: jest.fn(async () =>
        page([slowCheckout], {
          permissions: {
            acknowledge: {
              allowed: false,
              reason: 'Only owners of checkout can acknowledge its alerts',
            },
            silence: { allowed: true },
          },
        }),
      ),
    });
    await renderSection(api);
    const ack = await screen.findByRole('button', {
      name: 'Acknowledge SlowCheckout',
    });
    expect(ack).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'Expire silence of SlowCheckout' }),
    ).toBeEnabled();
    await userEvent.hover(ack.parentElement!);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Only owners of checkout can acknowledge its alerts',
    );
  });

  it('acknowledges with the note, closes the dialog and reloads the alerts and stats', async () => {
    const api = fakeApi();
    await renderSection(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Acknowledge SlowCheckout' }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Acknowledge SlowCheckout',
    });
    // After the acknowledgement the backend reports it.
    api.getAlerts.mockImplementation(async () =>
      page([
        {
          ...slowCheckout,
          acknowledged: { by: 'user:default/me', time: NOW, note: 'on it' },
        },
      ]),
    );
    const loadsBefore = api.getAlerts.mock.calls.length;
    const statsBefore = api.getAlertStats.mock.calls.length;
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: 'Note (optional)' }),
      'on it',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Acknowledge' }),
    );

    expect(api.acknowledgeAlert).toHaveBeenCalledWith(entityRef, 'a2', 'on it');
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(await screen.findByTestId('alert-acknowledged')).toHaveTextContent(
      'Acknowledged by me just now: “on it”',
    );
    expect(api.getAlerts.mock.calls.length).toBe(loadsBefore + 2);
    expect(api.getAlertStats.mock.calls.length).toBe(statsBefore + 1);
  });

  it('silences for the chosen preset, 1 hour unless changed', async () => {
    const api = fakeApi();
    await renderSection(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Silence HighErrorRate' }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Silence HighErrorRate',
    });
    expect(within(dialog).getByRole('radio', { name: '1 hour' })).toBeChecked();
    expect(
      within(dialog)
        .getAllByRole('radio')
        .map(r => r.getAttribute('value')),
    ).toEqual(['30m', '1h', '4h', '1d', '7d']);
    await userEvent.click(
      within(dialog).getByRole('radio', { name: '4 hours' }),
    );
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: 'Note (optional)' }),
      'deploy',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Silence' }),
    );
    expect(api.silenceAlert).toHaveBeenCalledWith(entityRef, 'a1', {
      duration: '4h',
      note: 'deploy',
    });
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('keeps the dialog open with the error when the action fails', async () => {
    const api = fakeApi({
      expireAlertSilence: jest.fn(async () => {
        throw await failure(502, 'Alertmanager is unreachable (ECONNREFUSED)');
      }),
    });
    await renderSection(api);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Expire silence of SlowCheckout',
      }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Expire silence of SlowCheckout',
    });
    const loads = api.getAlerts.mock.calls.length;
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Expire silence' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Alertmanager is unreachable (ECONNREFUSED)',
    );
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Expire silence' }),
    ).toBeEnabled();
    expect(api.getAlerts.mock.calls.length).toBe(loads);

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('shows each alert of the range on the timeline, events in order with actors and notes', async () => {
    await renderSection(fakeApi());
    const disk = await screen.findByTestId('timeline-alert-a3');
    expect(within(disk).getByTestId('timeline-lifetime')).toHaveTextContent(
      'resolved after 12m',
    );
    const events = within(
      within(disk).getByRole('list', { name: 'Events of DiskFilling' }),
    ).getAllByRole('listitem');
    expect(events.map(e => e.getAttribute('data-event'))).toEqual([
      'fired',
      'acknowledged',
      'silenced',
      'silence_expired',
      'resolved',
    ]);
    expect(events[0]).toHaveTextContent(/Fired by Alertmanager$/);
    expect(events[1]).toHaveTextContent(/Acknowledged by jane: “on it”$/);
    expect(events[2]).toHaveTextContent(
      /Silenced by jane: “expected during backup”$/,
    );
    expect(events[3]).toHaveTextContent(/Silence expired by Alertmanager$/);
    expect(events[4]).toHaveTextContent(/Resolved by Alertmanager$/);
    expect(
      within(screen.getByTestId('timeline-alert-a1')).getByTestId(
        'timeline-lifetime',
      ),
    ).toHaveTextContent('firing for 10m');
  });

  it('loads the next page of the timeline with limit and offset', async () => {
    const api = fakeApi({
      getAlerts: jest.fn(async (_e, query) => {
        if (query.state === 'firing') return page([highErrors]);
        return query.offset
          ? page([diskFilling], { total: 3 })
          : page([highErrors, slowCheckout], { total: 3 });
      }),
    });
    await renderSection(api);
    expect(
      await screen.findByText('2 of 3 alerts in this range'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('timeline-alert-a3')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Show more' }));
    expect(await screen.findByTestId('timeline-alert-a3')).toBeInTheDocument();
    expect(api.getAlerts).toHaveBeenLastCalledWith(entityRef, {
      from,
      to: NOW,
      limit: 20,
      offset: 2,
    });
    expect(screen.getByText('3 of 3 alerts in this range')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Show more' }),
    ).not.toBeInTheDocument();
  });

  it('shows MTTA and MTTR as durations with the counts', async () => {
    await renderSection(fakeApi());
    expect(await screen.findByTestId('alert-stat-MTTA')).toHaveTextContent(
      /^4m 12s$/,
    );
    expect(screen.getByTestId('alert-stat-MTTR')).toHaveTextContent(/^1h 3m$/);
    expect(screen.getByTestId('alert-stat-Fired')).toHaveTextContent(/^3$/);
    expect(screen.getByTestId('alert-stat-Acknowledged')).toHaveTextContent(
      /^2$/,
    );
    expect(screen.getByTestId('alert-stat-Resolved')).toHaveTextContent(/^1$/);
  });

  it('shows a dash for MTTA and MTTR when no alert was acknowledged or resolved', async () => {
    await renderSection(
      fakeApi({
        getAlertStats: jest.fn(async () =>
          stats({ mttaSeconds: null, mttrSeconds: null }),
        ),
      }),
    );
    expect(await screen.findByTestId('alert-stat-MTTA')).toHaveTextContent(
      /^—$/,
    );
    expect(screen.getByTestId('alert-stat-MTTR')).toHaveTextContent(/^—$/);
  });

  it('keeps the alerts when the stats fail', async () => {
    await renderSection(
      fakeApi({
        getAlertStats: jest.fn(async () => {
          throw await failure(503, 'The alert store is unavailable');
        }),
      }),
    );
    expect(
      await screen.findByText('The alert store is unavailable'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('firing-alert-a1')).toBeInTheDocument();
  });

  it('keeps the stats when the firing alerts fail', async () => {
    await renderSection(
      fakeApi({
        getAlerts: jest.fn(async (_e, query) => {
          if (query.state === 'firing')
            throw await failure(502, 'Alertmanager did not answer');
          return page([diskFilling]);
        }),
      }),
    );
    expect(
      await screen.findByText('Alertmanager did not answer'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('alert-stat-MTTA')).toHaveTextContent('4m 12s');
    expect(screen.getByTestId('timeline-alert-a3')).toBeInTheDocument();
  });

  it('says where alerts come from when the range has none', async () => {
    await renderSection(fakeApi({ getAlerts: jest.fn(async () => page([])) }));
    expect(
      await screen.findByText('No alerts in this range'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('alerts-empty')).toHaveTextContent(
      /Alertmanager: its webhook sends/,
    );
    expect(screen.queryByText('Timeline')).not.toBeInTheDocument();
  });

  it('shows progress while the alerts load', async () => {
    await renderSection(
      fakeApi({
        getAlerts: jest.fn(() => new Promise<AlertsResponse>(() => {})),
        getAlertStats: jest.fn(() => new Promise<AlertStatsResponse>(() => {})),
      }),
    );
    expect(screen.getAllByTestId('progress').length).toBeGreaterThan(0);
    expect(screen.queryByTestId('alerts-empty')).not.toBeInTheDocument();
  });
});
