import { Suspense } from 'react';
import { screen, within } from '@testing-library/react';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import {
  alertState,
  SlosResponse,
  SloStatus,
} from '@stagewatch/backstage-plugin-observability-common';
import { ResponseError } from '@backstage/errors';
import { ObservabilityApi, observabilityApiRef } from '../../api';
import { SloSection } from './SloSection';

// uPlot draws on canvas, which jsdom lacks.
jest.mock('uplot', () =>
  jest.fn().mockImplementation(() => ({
    destroy: jest.fn(),
    setData: jest.fn(),
    setSize: jest.fn(),
  })),
);

const entityRef = { kind: 'component', namespace: 'default', name: 'checkout' };
const annotation =
  '- { name: availability, objective: 99.9, sli: availability }';

const quiet = {
  '5m': 0.2,
  '30m': 0.3,
  '1h': 0.4,
  '2h': 0.3,
  '6h': 0.3,
  '1d': 0.3,
  '3d': 0.3,
};
const burning = { ...quiet, '5m': 30, '1h': 20 };

const slo = (over: Partial<SloStatus>): SloStatus => ({
  name: 'availability',
  objectivePercent: 99.9,
  window: '30d',
  sli: { type: 'availability' },
  sliValue: 0.99962,
  budgetRemaining: 0.62,
  timeToExhaustionSeconds: 11 * 86400,
  burnRates: quiet,
  alert: alertState(quiet, '30d'),
  burnDown: [
    [1000, 1],
    [2000, 0.8],
    [3000, 0.62],
  ],
  query: '...',
  ...over,
});

const response = (
  slos: SloStatus[],
  warnings: string[] = [],
): SlosResponse => ({
  entityRef: 'component:default/checkout',
  time: 3000,
  slos,
  warnings,
});

function renderSection(
  getSlos: ObservabilityApi['getSlos'],
  sloAnnotation: string | undefined = annotation,
) {
  const api = { getSlos } as unknown as ObservabilityApi;
  return renderInTestApp(
    <Suspense fallback={<div>suspended</div>}>
      <TestApiProvider apis={[[observabilityApiRef, api]]}>
        <SloSection entityRef={entityRef} annotation={sloAnnotation} />
      </TestApiProvider>
    </Suspense>,
  );
}

describe('SloSection', () => {
  it('shows each SLO with its objective, SLI, budget in words and burn-rate conditions', async () => {
    await renderSection(async () =>
      response([
        slo({}),
        slo({
          name: 'latency',
          objectivePercent: 99,
          sli: { type: 'latency', thresholdSeconds: 0.3 },
          budgetRemaining: 0.4,
          timeToExhaustionSeconds: 5 * 3600,
          burnRates: burning,
          alert: alertState(burning, '30d'),
        }),
      ]),
    );
    const availability = await screen.findByTestId('slo-availability');
    expect(
      within(availability).getByText('availability: 99.9% over 30 days'),
    ).toBeInTheDocument();
    expect(
      within(availability).getByText('Requests that do not fail (no 5xx)'),
    ).toBeInTheDocument();
    expect(
      within(availability).getByTestId('slo-budget-words'),
    ).toHaveTextContent('62% left, about 11 days at the current burn');
    expect(
      within(availability).getByText('Within budget pace'),
    ).toBeInTheDocument();
    expect(
      within(availability).getByText('SLI over 30d: 99.962%'),
    ).toBeInTheDocument();

    const latency = screen.getByTestId('slo-latency');
    expect(
      within(latency).getByText('Requests faster than 300 ms'),
    ).toBeInTheDocument();
    expect(within(latency).getByTestId('slo-budget-words')).toHaveTextContent(
      '40% left, about 5 hours at the current burn',
    );
    expect(within(latency).getByText('Page: fast burn')).toBeInTheDocument();
    const table = within(latency).getByRole('table', {
      name: 'Burn rates of latency',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(r => r.getAttribute('data-trips'))).toEqual([
      'true',
      'false',
      'false',
      'false',
    ]);
    expect(rows[0]).toHaveTextContent('Page (trips)');
    expect(rows[0]).toHaveTextContent('1h 20.0×');
    expect(rows[0]).toHaveTextContent('5m 30.0×');
    expect(rows[0]).toHaveTextContent('14.4×');
  });

  it('says when the budget is spent and when there is no data', async () => {
    await renderSection(async () =>
      response([
        slo({ budgetRemaining: -0.3 }),
        slo({
          name: 'fresh',
          budgetRemaining: null,
          sliValue: null,
          burnDown: [],
        }),
      ]),
    );
    expect(
      within(await screen.findByTestId('slo-availability')).getByTestId(
        'slo-budget-words',
      ),
    ).toHaveTextContent('Budget spent (-30% left over 30d)');
    const fresh = screen.getByTestId('slo-fresh');
    expect(within(fresh).getByTestId('slo-budget-words')).toHaveTextContent(
      'No data over the window yet',
    );
    expect(
      within(fresh).getByText('SLI over 30d: no data'),
    ).toBeInTheDocument();
    expect(
      within(fresh).getByText('No data for this range'),
    ).toBeInTheDocument();
  });

  it('says what the budget is based on when the window is not full of data, loudly when it is nearly empty', async () => {
    const day = 86400;
    await renderSection(async () =>
      response([
        slo({
          budgetRemaining: -7.68,
          coverage: {
            seconds: 300,
            windowSeconds: 30 * day,
            ratio: 300 / (30 * day),
          },
        }),
        slo({
          name: 'older',
          coverage: {
            seconds: 12 * day,
            windowSeconds: 30 * day,
            ratio: 0.4,
          },
        }),
        slo({
          name: 'full',
          coverage: { seconds: 30 * day, windowSeconds: 30 * day, ratio: 1 },
        }),
        slo({ name: 'unknown', coverage: null }),
      ]),
    );
    const fresh = within(
      await screen.findByTestId('slo-availability'),
    ).getByTestId('slo-coverage');
    expect(fresh).toHaveTextContent(
      /^based on 5 minutes of the 30-day window$/,
    );
    expect(fresh).toHaveAttribute('data-short', 'true');
    expect(fresh.querySelector('span[title]')).toHaveAttribute(
      'title',
      expect.stringMatching(/can swing widely/),
    );

    const older = within(screen.getByTestId('slo-older')).getByTestId(
      'slo-coverage',
    );
    expect(older).toHaveTextContent('based on 12 days of the 30-day window');
    expect(older).toHaveAttribute('data-short', 'false');
    // A full window, or an unknown coverage, adds nothing to the budget.
    for (const name of ['full', 'unknown']) {
      expect(
        within(screen.getByTestId(`slo-${name}`)).queryByTestId('slo-coverage'),
      ).not.toBeInTheDocument();
    }
  });

  it("shows the backend's message when the SLO spec is malformed", async () => {
    await renderSection(async () => {
      throw await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'InputError',
              message:
                "component:default/checkout: observability/slos: SLO 'x' objective: must be a percentage between 0 and 100 (exclusive), e.g. 99.9; got 120",
            },
          }),
          { status: 400, headers: { 'Content-Type': 'application/json' } },
        ),
      );
    }, '- { name: x, objective: 120, sli: availability }');
    expect(
      await screen.findByText(/SLO 'x' objective: must be a percentage/),
    ).toBeInTheDocument();
  });

  it('passes on upstream warnings', async () => {
    await renderSection(async () =>
      response([slo({})], ['Prometheus: some series were dropped']),
    );
    expect(
      await screen.findByText('Prometheus: some series were dropped'),
    ).toBeInTheDocument();
  });

  it('suggests a copyable annotation, without asking the backend, when the entity has no SLO', async () => {
    const getSlos = jest.fn();
    await renderSection(getSlos, '');
    expect(
      await screen.findByText(/This entity declares no SLO/),
    ).toBeInTheDocument();
    expect(screen.getByText(/observability\/slos: \|/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /copy/i })).toBeInTheDocument();
    expect(getSlos).not.toHaveBeenCalled();
  });
});
