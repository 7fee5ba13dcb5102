import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ThemeProvider } from '@material-ui/core/styles';
import { lightTheme } from '@backstage/theme';
import type uPlot from 'uplot';
import { TimeSeriesChart, TimeSeriesChartProps } from './TimeSeriesChart';

// jsdom has no canvas (and no matchMedia, which uPlot reads when it loads), so uPlot cannot run
// here. This mock stands in for it: it records the options, the data and the calls, so the tests
// can check the lifecycle and fire the select hook the way a drag on the real plot would.
jest.mock('uplot', () => {
  const instances: unknown[] = [];
  class FakeUPlot {
    opts: any;
    data: any;
    series: unknown[];
    width: number;
    select = { left: 0, width: 0, top: 0, height: 0 };
    setData = jest.fn((data: unknown[]) => {
      this.data = data;
    });
    setSize = jest.fn();
    setSelect = jest.fn();
    destroy = jest.fn();
    posToVal = (pos: number) => 1_800_000_000 + pos * 10;
    // x: 10 px per second from T0; y: 100 px per second of latency, 0 at the bottom (200 px).
    valToPos = (v: number, scale: string) =>
      scale === 'x' ? (v - 1_800_000_000) * 10 : 200 - v * 100;
    over: HTMLElement = document.createElement('div');
    bbox = { width: 600, height: 200 };
    constructor(opts: any, data: unknown[], el: HTMLElement) {
      this.opts = opts;
      this.data = data;
      this.series = opts.series;
      this.width = opts.width;
      el.appendChild(document.createElement('canvas'));
      el.appendChild(this.over);
      instances.push(this);
    }
  }
  return { __esModule: true, default: FakeUPlot, instances };
});

type FakePlot = uPlot & {
  opts: uPlot.Options;
  setData: jest.Mock;
  destroy: jest.Mock;
  setSelect: jest.Mock;
};
const instances = (): FakePlot[] => jest.requireMock('uplot').instances;

const T0 = 1_800_000_000;
const base: TimeSeriesChartProps = {
  title: 'Latency',
  unit: 'seconds',
  from: T0,
  to: T0 + 60,
  series: [
    { name: 'p50', points: [[T0, 0.0123], [T0 + 30, null], [T0 + 60, 0.5]] },
    { name: 'p99', points: [[T0, 1.5], [T0 + 30, 0.000045], [T0 + 60, NaN]] },
  ],
}; // prettier-ignore

const renderChart = (props: Partial<TimeSeriesChartProps> = {}) => {
  const ui = (p: Partial<TimeSeriesChartProps>) => (
    <ThemeProvider theme={lightTheme}>
      <TimeSeriesChart {...base} {...p} />
    </ThemeProvider>
  );
  const result = render(ui(props));
  return {
    ...result,
    update: (p: Partial<TimeSeriesChartProps>) => result.rerender(ui(p)),
  };
};

beforeEach(() => {
  instances().length = 0;
});

describe('TimeSeriesChart', () => {
  it('shows a progress placeholder while loading', () => {
    renderChart({ loading: true });
    expect(screen.getByText('Latency')).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: 'Loading Latency' }),
    ).toBeInTheDocument();
    expect(instances()).toHaveLength(0);
  });

  it('shows the error in place of the chart', () => {
    renderChart({ error: 'upstream timed out' });
    expect(screen.getByRole('alert')).toHaveTextContent('upstream timed out');
    expect(screen.queryByRole('button', { name: 'Show table' })).toBeNull();
    expect(instances()).toHaveLength(0);
  });

  it.each([
    ['no series', []],
    ['empty series', [{ name: 'a', points: [] }]],
    ['only nulls and NaN', [{ name: 'a', points: [[T0, null], [T0 + 1, NaN]] }]],
  ])('says there is no data for %s', (_case, series) => {
    renderChart({ series: series as TimeSeriesChartProps['series'] });
    expect(screen.getByText('No data for this range')).toBeInTheDocument();
    expect(instances()).toHaveLength(0);
  }); // prettier-ignore

  it('creates one uPlot, updates it with setData and destroys it on unmount', () => {
    const { update, unmount } = renderChart();
    expect(instances()).toHaveLength(1);
    const plot = instances()[0]!;
    expect(plot.data[0]).toEqual([T0, T0 + 30, T0 + 60]);
    expect(plot.opts.series.map(s => s.label)).toEqual(['Time', 'p50', 'p99']);
    expect(plot.opts.height).toBe(220);

    const series = [
      { name: 'p50', points: [[T0, 1]] },
      { name: 'p99', points: [[T0, 2]] },
    ] as TimeSeriesChartProps['series'];
    update({ series });
    expect(instances()).toHaveLength(1);
    expect(plot.setData).toHaveBeenCalledWith([[T0], [1], [2]]);

    update({ series, unit: 'count' });
    expect(plot.destroy).toHaveBeenCalled();
    expect(instances()).toHaveLength(2);

    unmount();
    expect(instances()[1]!.destroy).toHaveBeenCalled();
  });

  it('calls onZoom with the dragged range and clears the selection', () => {
    const onZoom = jest.fn();
    renderChart({ onZoom });
    const plot = instances()[0]!;
    expect(plot.opts.cursor?.drag).toMatchObject({ x: true, setScale: false });
    Object.assign(plot.select, { left: 10, width: 30 });
    const hooks = plot.opts.hooks?.setSelect as Array<(u: uPlot) => void>;
    act(() => hooks.forEach(hook => hook(plot)));
    expect(onZoom).toHaveBeenCalledWith({ from: T0 + 100, to: T0 + 400 });
    expect(plot.setSelect).toHaveBeenCalledWith(
      { left: 0, top: 0, width: 0, height: 0 },
      false,
    );
  });

  it('toggles a table of formatted values with the keyboard', async () => {
    const user = userEvent.setup();
    renderChart();
    const button = screen.getByRole('button', { name: 'Show table' });
    expect(button).toHaveAttribute('aria-pressed', 'false');

    await user.tab();
    expect(button).toHaveFocus();
    await user.keyboard('{Enter}');

    const table = screen.getByRole('table', { name: 'Latency data table' });
    const toggle = screen.getByRole('button', { name: 'Show chart' });
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    const rows = within(table).getAllByRole('row');
    const cells = (row: HTMLElement) =>
      Array.from((row as HTMLTableRowElement).cells).map(c => c.textContent);
    expect(cells(rows[0]!)).toEqual(['Time', 'p50', 'p99']);
    expect(cells(rows[1]!).slice(1)).toEqual(['12.3 ms', '1.5 s']);
    expect(cells(rows[2]!).slice(1)).toEqual(['—', '45 µs']);
    expect(cells(rows[3]!).slice(1)).toEqual(['500 ms', '—']);

    await user.keyboard(' ');
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByRole('button', { name: 'Show table' })).toHaveFocus();
  });

  it('caps the table at the last 200 rows and says so', async () => {
    const points = Array.from(
      { length: 250 },
      (_, i) => [T0 + i * 15, i] as [number, number],
    );
    renderChart({ unit: 'count', series: [{ name: 'n', points }] });
    await userEvent.click(screen.getByRole('button', { name: 'Show table' }));
    expect(
      screen.getByText('Showing the last 200 of 250 rows.'),
    ).toBeInTheDocument();
    const rows = within(screen.getByRole('table')).getAllByRole('row');
    expect(rows).toHaveLength(201);
    expect(rows[1]).toHaveTextContent('50');
    expect(rows[200]).toHaveTextContent('249');
  });
});

describe('TimeSeriesChart markers (exemplars)', () => {
  const markers = [
    {
      key: 'a',
      x: T0 + 10,
      y: 0.5,
      label: 'Trace aaaa, 500 ms',
      ref: 'a'.repeat(32),
    },
    {
      key: 'b',
      x: T0 + 30,
      y: 9,
      label: 'Trace bbbb, 9 s',
      ref: 'b'.repeat(32),
    },
    {
      key: 'late',
      x: T0 + 600,
      y: 0.1,
      label: 'Trace cccc',
      ref: 'c'.repeat(32),
    },
  ];

  it('draws each marker in the range as a button over the plot, and a click reports it', async () => {
    const onMarker = jest.fn();
    renderChart({ markers, onMarker });
    const plot = instances().at(-1)! as FakePlot & { over: HTMLElement };
    const dots = within(plot.over).getAllByTestId('chart-marker');
    // `late` is after the range (6000 px > 600 px wide): left out.
    expect(dots.map(d => d.getAttribute('aria-label'))).toEqual([
      'Trace aaaa, 500 ms',
      'Trace bbbb, 9 s',
    ]);
    expect(dots[0].style.left).toBe('100px');
    expect(dots[0].style.top).toBe('150px');
    // Above the y range: pinned to the top edge, still there to click.
    expect(dots[1].style.top).toBe('0px');
    await userEvent.click(dots[1]);
    expect(onMarker).toHaveBeenCalledWith(markers[1]);
  });

  it('places markers again when uPlot redraws (a resize or new data)', () => {
    renderChart({ markers: [markers[0]], onMarker: jest.fn() });
    const plot = instances().at(-1)! as FakePlot & {
      over: HTMLElement;
      valToPos: (v: number, s: string) => number;
    };
    plot.valToPos = (v, scale) => (scale === 'x' ? (v - T0) * 20 : 10);
    act(() => plot.opts.hooks!.draw!.forEach(hook => hook!(plot)));
    expect(within(plot.over).getByTestId('chart-marker').style.left).toBe(
      '200px',
    );
  });

  it('draws no markers without a click handler', () => {
    renderChart({ markers });
    const plot = instances().at(-1)! as FakePlot & { over: HTMLElement };
    expect(within(plot.over).queryAllByTestId('chart-marker')).toEqual([]);
  });
});
