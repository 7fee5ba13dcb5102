import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type { OverviewResponse } from '@stagewatch/backstage-plugin-observability-common';
import { ObservabilityApi, observabilityApiRef } from '../../api';
import { ObservabilityOverviewPage } from './ObservabilityOverviewPage';

// The first render of the table and the filters' menu round trips take seconds on a busy machine.
jest.setTimeout(20_000);

const overview: OverviewResponse = {
  time: 1_800_000_000,
  upstreamQueries: 5,
  warnings: [],
  rows: [
    {
      entityRef: 'component:default/checkout',
      title: 'Checkout',
      kind: 'Component',
      owner: 'team-checkout',
      system: 'shop',
      values: {
        requestRate: 8.2,
        errorRatio: 0.001,
        latencyP99: 0.31,
        saturation: 0.1,
        liveness: 1,
      },
      health: { verdict: 'healthy', reasons: [] },
      firingAlerts: { total: 0, bySeverity: {} },
      slos: [
        {
          name: 'latency',
          objectivePercent: 99,
          window: '30d',
          budgetRemaining: 0.62,
          coverage: {
            seconds: 300,
            windowSeconds: 30 * 86400,
            ratio: 300 / (30 * 86400),
          },
          alert: 'none',
        },
        {
          name: 'availability',
          objectivePercent: 99.9,
          window: '30d',
          budgetRemaining: 0.91,
          coverage: {
            seconds: 30 * 86400,
            windowSeconds: 30 * 86400,
            ratio: 1,
          },
          alert: 'ticket',
        },
      ],
    },
    {
      entityRef: 'component:default/payments',
      title: 'Payments',
      kind: 'Component',
      owner: 'team-payments',
      system: 'shop',
      values: {
        requestRate: 5.1,
        errorRatio: 0.31,
        latencyP99: 0.2,
        saturation: 0.1,
        liveness: 1,
      },
      health: {
        verdict: 'critical',
        reasons: [
          {
            signal: 'errorRatio',
            severity: 'critical',
            message: 'Error ratio 31.0% is at or above 5.00%',
          },
        ],
      },
      firingAlerts: { total: 3, bySeverity: { warning: 2, page: 1 } },
      slos: [
        {
          name: 'availability',
          objectivePercent: 99.5,
          window: '30d',
          budgetRemaining: -0.4,
          alert: 'page',
        },
      ],
    },
    {
      entityRef: 'component:default/broken-annotation',
      kind: 'Component',
      owner: 'team-platform',
      system: 'shop',
      error: 'annotation observability/prometheus-selector is malformed',
      health: {
        verdict: 'unknown',
        reasons: [
          {
            signal: 'data',
            severity: 'unknown',
            message:
              'component:default/broken-annotation: annotation observability/prometheus-selector is malformed',
          },
        ],
      },
    },
  ],
};

function renderPage(getOverview: ObservabilityApi['getOverview']) {
  const api = { getOverview } as unknown as ObservabilityApi;
  return renderInTestApp(
    <TestApiProvider apis={[[observabilityApiRef, api]]}>
      <ObservabilityOverviewPage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('ObservabilityOverviewPage', () => {
  it('lists every entity with its verdict and numbers, worst first, from one request', async () => {
    const getOverview = jest.fn(async () => overview);
    await renderPage(getOverview);

    const rows = await screen.findAllByRole('row');
    const text = rows.map(r => r.textContent ?? '');
    const paymentsIndex = text.findIndex(t => t.includes('Payments'));
    const checkoutIndex = text.findIndex(t => t.includes('Checkout'));
    expect(paymentsIndex).toBeGreaterThan(0);
    expect(paymentsIndex).toBeLessThan(checkoutIndex);
    expect(text[paymentsIndex]).toContain('Critical');
    expect(text[paymentsIndex]).toContain('31.0%');
    expect(text[checkoutIndex]).toContain('8.2 req/s');
    expect(
      screen.getByText('Error ratio 31.0% is at or above 5.00%'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Checkout' })).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout/observability',
    );
    // The row already names the entity; its reason starts with the cause.
    expect(
      screen.getByText(
        'annotation observability/prometheus-selector is malformed',
      ),
    ).toBeInTheDocument();
    expect(getOverview).toHaveBeenCalledTimes(1);
  });

  it('shows the worst SLO budget of each row, coloured by its most urgent burn alert', async () => {
    await renderPage(async () => overview);
    const checkout = await screen.findByTestId(
      'budget-component:default/checkout',
    );
    // The percentage, then the SLO's name on a line of its own (a space between for readers).
    expect(checkout).toHaveTextContent(/^62% latency$/);
    // The least budget is on latency, but availability opens a ticket: a warning.
    expect(
      checkout.querySelector('[aria-label="Status warning"]'),
    ).not.toBeNull();
    expect(checkout).toHaveAttribute(
      'title',
      // Coverage only where the window is not full of data.
      'latency (99% / 30d): 62% left, based on 5 minutes of the 30-day window; availability (99.9% / 30d): 91% left, ticket',
    );
    const payments = screen.getByTestId('budget-component:default/payments');
    expect(payments).toHaveTextContent(/^-40% availability$/);
    expect(
      payments.querySelector('[aria-label="Status error"]'),
    ).not.toBeNull();
  });

  it('keeps each reason on one line, cut with an ellipsis, with the whole text on hover', async () => {
    await renderPage(async () => overview);
    const reason = await screen.findByTestId(
      'reason-component:default/broken-annotation',
    );
    expect(reason).toHaveTextContent(
      /^annotation observability\/prometheus-selector is malformed$/,
    );
    expect(reason).toHaveStyle({
      whiteSpace: 'nowrap',
      overflow: 'hidden',
      textOverflow: 'ellipsis',
    });
    // The native title until the tooltip opens, so it reads without a pointer too.
    expect(reason).toHaveAttribute(
      'title',
      'annotation observability/prometheus-selector is malformed',
    );
    fireEvent.mouseOver(reason);
    const tooltip = await screen.findByRole('tooltip');
    expect(tooltip).toHaveTextContent(
      'annotation observability/prometheus-selector is malformed',
    );
    expect(reason).toHaveAttribute('aria-describedby', tooltip.id);
  });

  it('counts the alerts firing per row, coloured by the most urgent severity', async () => {
    await renderPage(async () => overview);
    const payments = await screen.findByTestId(
      'alerts-component:default/payments',
    );
    expect(payments).toHaveTextContent(/^3$/);
    expect(
      payments.querySelector('[aria-label="Status error"]'),
    ).not.toBeNull();
    expect(payments).toHaveAttribute(
      'title',
      '3 alerts firing (1 page, 2 warning)',
    );
    const checkout = screen.getByTestId('alerts-component:default/checkout');
    expect(checkout).toHaveTextContent(/^0$/);
    expect(checkout.querySelector('[aria-label^="Status"]')).toBeNull();
    // Absent when the alert store could not be read: unknown, not zero.
    expect(
      screen.getByTestId('alerts-component:default/broken-annotation'),
    ).toHaveTextContent(/^—$/);
  });

  it('sorts by alerts firing', async () => {
    await renderPage(async () => overview);
    await screen.findByText('Services (3)');
    const order = () =>
      screen
        .getAllByTestId(/^alerts-/)
        .map(cell => cell.getAttribute('data-testid'));
    expect(order()).toEqual([
      'alerts-component:default/payments',
      'alerts-component:default/broken-annotation',
      'alerts-component:default/checkout',
    ]);
    // The sort label wraps the column's drag handle; both are named by the title.
    fireEvent.click(screen.getAllByRole('button', { name: 'Alerts' })[0]);
    expect(order()).toEqual([
      'alerts-component:default/broken-annotation',
      'alerts-component:default/checkout',
      'alerts-component:default/payments',
    ]);
  });

  const choose = async (filter: string, option: string) => {
    // MUI names the button by its label and current value, e.g. "Verdict critical".
    // (The table's sortable Owner column is a button too; the filter is the one with a listbox.)
    const trigger = screen
      .getAllByRole('button', { name: new RegExp(`^${filter}`, 'i') })
      .find(b => b.getAttribute('aria-haspopup') === 'listbox')!;
    fireEvent.mouseDown(trigger);
    fireEvent.click(
      within(await screen.findByRole('listbox')).getByText(option),
    );
    // The menu hides the rest of the page until it has closed.
    await waitFor(() =>
      expect(screen.queryByRole('listbox')).not.toBeInTheDocument(),
    );
  };

  it('filters by verdict and by owner', async () => {
    await renderPage(async () => overview);
    await screen.findByText('Services (3)');

    await choose('verdict', 'critical');
    expect(await screen.findByText('Services (1)')).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'Checkout' }),
    ).not.toBeInTheDocument();

    await choose('verdict', 'All');
    await choose('owner', 'team-checkout');
    expect(await screen.findByText('Services (1)')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Checkout' })).toBeInTheDocument();
  });

  it("shows the backend's error instead of a table", async () => {
    await renderPage(async () => {
      throw Object.assign(new Error('Request failed with 502'), {
        body: {
          error: { message: "Prometheus instance 'demo' is unreachable" },
        },
      });
    });
    expect(
      await screen.findByText("Prometheus instance 'demo' is unreachable"),
    ).toBeInTheDocument();
  });
});
