import { fireEvent, screen, within } from '@testing-library/react';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type {
  OverviewResponse,
  OverviewRow,
} from '@stagewatch/backstage-plugin-observability-common';
import { ObservabilityApi, observabilityApiRef } from '../../api';
import { ObservabilityOverviewPage } from './ObservabilityOverviewPage';
import { FALLBACK_VISIBLE_ROWS, OVERSCAN, ROW_HEIGHT } from './WindowedTable';

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
    const header = screen.getByRole('columnheader', { name: 'Alerts' });
    fireEvent.click(screen.getByRole('button', { name: 'Alerts' }));
    expect(order()).toEqual([
      'alerts-component:default/broken-annotation',
      'alerts-component:default/checkout',
      'alerts-component:default/payments',
    ]);
    expect(header).toHaveAttribute('aria-sort', 'ascending');
    // Then descending, then back to worst first, as Backstage's table cycles a column's sort.
    fireEvent.click(screen.getByRole('button', { name: 'Alerts' }));
    expect(order()).toEqual([
      'alerts-component:default/payments',
      'alerts-component:default/checkout',
      'alerts-component:default/broken-annotation',
    ]);
    expect(header).toHaveAttribute('aria-sort', 'descending');
    fireEvent.click(screen.getByRole('button', { name: 'Alerts' }));
    expect(order()).toEqual([
      'alerts-component:default/payments',
      'alerts-component:default/broken-annotation',
      'alerts-component:default/checkout',
    ]);
    expect(header).not.toHaveAttribute('aria-sort');
  });

  it('searches the entity, owner and reason, and counts the rows shown', async () => {
    await renderPage(async () => overview);
    await screen.findByText('Services (3)');
    const search = screen.getByRole('textbox', { name: 'Search' });
    fireEvent.change(search, { target: { value: 'PAY' } });
    expect(await screen.findByText('Services (1)')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Payments' })).toBeInTheDocument();
    fireEvent.change(search, { target: { value: 'team-platform' } });
    expect(
      await screen.findByTestId('alerts-component:default/broken-annotation'),
    ).toBeInTheDocument();
    expect(screen.getByText('Services (1)')).toBeInTheDocument();
    fireEvent.change(search, { target: { value: 'malformed' } });
    expect(screen.getByText('Services (1)')).toBeInTheDocument();
    fireEvent.change(search, { target: { value: 'nothing like it' } });
    expect(await screen.findByText('Services (0)')).toBeInTheDocument();
    expect(
      screen.getByText('No service matches the search.'),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Clear Search' }));
    expect(await screen.findByText('Services (3)')).toBeInTheDocument();
  });

  it('says how to annotate an entity when there is none', async () => {
    await renderPage(async () => ({ ...overview, rows: [] }));
    expect(await screen.findByText('Services (0)')).toBeInTheDocument();
    expect(
      screen.getByText(/No entity with an observability\/prometheus-selector/),
    ).toBeInTheDocument();
  });

  const choose = async (filter: string, option: string) => {
    // A native select, named by its label; the option by the text a person reads.
    const select = screen.getByRole('combobox', {
      name: filter[0].toUpperCase() + filter.slice(1),
    }) as HTMLSelectElement;
    const choice = within(select).getByRole('option', { name: option });
    fireEvent.change(select, {
      target: { value: (choice as HTMLOptionElement).value },
    });
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

  describe('with 10,000 services', () => {
    // svc-00000 to svc-09999, all healthy so the worst-first order is theirs; svc-00042 has the
    // busiest traffic, and team-007 owns every hundredth.
    const many: OverviewResponse = {
      ...overview,
      rows: Array.from({ length: 10_000 }, (_, i): OverviewRow => {
        const name = `svc-${String(i).padStart(5, '0')}`;
        return {
          entityRef: `component:default/${name}`,
          title: name,
          kind: 'Component',
          owner: `group:default/team-${String(i % 100).padStart(3, '0')}`,
          system: 'system:default/shop',
          values: {
            requestRate: i === 42 ? 1e6 : i,
            errorRatio: 0,
            latencyP99: 0.1,
            saturation: 0,
            liveness: 1,
          },
          health: { verdict: 'healthy', reasons: [] },
          firingAlerts: { total: 0, bySeverity: {} },
        };
      }),
    };
    const rendered = () =>
      screen
        .getAllByRole('link', { name: /^svc-/ })
        .map(link => link.textContent);
    const scroller = () => screen.getByTestId('windowed-table-scroller');
    /**
     * jsdom has no layout and keeps no scroll position: it is kept here, set as a browser would
     * set it, and the page may set it back to the top.
     */
    const scrollTo = (top: number) => {
      const element = scroller() as HTMLElement & { position?: number };
      if (!('position' in element)) {
        element.position = 0;
        Object.defineProperty(element, 'scrollTop', {
          configurable: true,
          get: () => element.position,
          set: (value: number) => {
            element.position = value;
          },
        });
      }
      element.scrollTop = top;
      fireEvent.scroll(element);
    };
    const maxRendered = FALLBACK_VISIBLE_ROWS + 2 * OVERSCAN;

    it('renders only a window of the rows, and the rows further down on scrolling', async () => {
      await renderPage(async () => many);
      await screen.findByText('Services (10000)');
      const first = rendered();
      expect(first[0]).toBe('svc-00000');
      expect(first.length).toBeGreaterThanOrEqual(FALLBACK_VISIBLE_ROWS);
      expect(first.length).toBeLessThanOrEqual(maxRendered);
      // Assistive technology still learns how many rows there are, and where each one is.
      expect(screen.getByRole('table')).toHaveAttribute(
        'aria-rowcount',
        '10001',
      );
      expect(
        screen.getByRole('link', { name: 'svc-00000' }).closest('tr'),
      ).toHaveAttribute('aria-rowindex', '2');
      expect(screen.getByRole('table')).toHaveAccessibleName(
        'Services (10000)',
      );

      scrollTo(5000 * ROW_HEIGHT);
      const later = rendered();
      expect(later).toContain('svc-05000');
      expect(later).not.toContain('svc-00000');
      expect(later.length).toBeLessThanOrEqual(maxRendered);
      expect(
        screen.getByRole('link', { name: 'svc-05000' }).closest('tr'),
      ).toHaveAttribute('aria-rowindex', '5002');
      // The rows above and below the window are spacers as tall as the rows they stand for.
      const spacers = scroller().querySelectorAll('tbody tr[aria-hidden]');
      const heights = [...spacers].map(tr =>
        parseInt((tr as HTMLElement).style.height, 10),
      );
      expect(heights[0]).toBe((5000 - OVERSCAN) * ROW_HEIGHT);
      expect(heights[0] + heights[1] + later.length * ROW_HEIGHT).toBe(
        10_000 * ROW_HEIGHT,
      );

      scrollTo(10_000 * ROW_HEIGHT);
      expect(rendered()).toContain('svc-09999');
    });

    it('filters by owner and search, shows the count, and starts again at the top', async () => {
      await renderPage(async () => many);
      await screen.findByText('Services (10000)');
      scrollTo(5000 * ROW_HEIGHT);

      await choose('owner', 'team-007');
      expect(await screen.findByText('Services (100)')).toBeInTheDocument();
      expect(scroller().scrollTop).toBe(0);
      const owned = rendered();
      expect(owned[0]).toBe('svc-00007');
      expect(owned.every(name => Number(name!.slice(4)) % 100 === 7)).toBe(
        true,
      );
      expect(owned.length).toBeLessThanOrEqual(maxRendered);

      fireEvent.change(screen.getByRole('textbox', { name: 'Search' }), {
        target: { value: 'SVC-0420' },
      });
      expect(await screen.findByText('Services (1)')).toBeInTheDocument();
      expect(rendered()).toEqual(['svc-04207']);

      await choose('owner', 'All');
      expect(await screen.findByText('Services (10)')).toBeInTheDocument();
      expect(rendered()).toEqual(
        Array.from({ length: 10 }, (_, i) => `svc-0420${i}`),
      );
    });

    it('sorts every row, not only the rendered ones', async () => {
      await renderPage(async () => many);
      await screen.findByText('Services (10000)');
      fireEvent.click(screen.getByRole('button', { name: 'Request rate' }));
      expect(rendered()[0]).toBe('svc-00000');
      expect(rendered()[1]).toBe('svc-00001');
      fireEvent.click(screen.getByRole('button', { name: 'Request rate' }));
      expect(rendered().slice(0, 3)).toEqual([
        'svc-00042',
        'svc-09999',
        'svc-09998',
      ]);
      fireEvent.click(screen.getByRole('button', { name: 'Entity' }));
      scrollTo(10_000 * ROW_HEIGHT);
      expect(rendered().pop()).toBe('svc-09999');
    });
  });
});
