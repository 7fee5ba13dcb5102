import {
  fireEvent,
  render,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { ThemeProvider } from '@material-ui/core/styles';
import { lightTheme } from '@backstage/theme';
import { TraceWaterfall, TraceWaterfallProps } from './TraceWaterfall';
import { id, span } from './testSpans';

const spans = [
  span('a', undefined, 0, 800, { name: 'POST /api/checkout', kind: 'server' }),
  span('b', 'a', 10, 300, {
    service: 'payments',
    name: 'POST /api/payments',
    status: 'error',
    statusMessage: 'card declined',
    attributes: { 'http.status_code': '502', 'http.route': '/api/payments' },
    resource: { 'service.name': 'payments' },
    events: [
      {
        timeUs: 1_800_000_000_000_000 + 200_000,
        name: 'exception',
        attributes: { 'exception.type': 'Declined' },
      },
    ],
  }),
  span('c', 'b', 20, 50, { service: 'payments', name: 'SELECT card' }),
  span('d', 'a', 400, 350, { service: 'inventory', name: 'GET /api/stock' }),
];

const renderWaterfall = (props: Partial<TraceWaterfallProps> = {}) =>
  render(
    <ThemeProvider theme={lightTheme}>
      <TraceWaterfall spans={spans} focusService="checkout" {...props} />
    </ThemeProvider>,
  );

const rowIds = () =>
  screen
    .getAllByTestId('waterfall-row')
    .map(r => r.getAttribute('data-span-id'));

describe('TraceWaterfall', () => {
  it('draws the span tree in order with its depth, services and durations', () => {
    renderWaterfall();
    expect(rowIds()).toEqual([id('a'), id('b'), id('c'), id('d')]);
    const rows = screen.getAllByRole('treeitem');
    expect(rows.map(r => r.getAttribute('aria-level'))).toEqual([
      '1',
      '2',
      '3',
      '2',
    ]);
    expect(rows[1]).toHaveTextContent('payments POST /api/payments');
    expect(rows[1]).toHaveTextContent('300.0 ms');
    expect(
      screen.getByText(/4 spans · 3 services · 800.0 ms · 1 in error/),
    ).toBeInTheDocument();
  });

  it('marks error spans and the critical path', () => {
    // a waited for d (400–750) and, before d started, for b (10–310); b waited for its child c.
    // e (100–150) ran while b did, so nothing waited for it: off the path.
    renderWaterfall({ spans: [...spans, span('e', 'a', 100, 50)] });
    const rows = screen.getAllByTestId('waterfall-row');
    expect(rows[1]).toHaveAttribute('data-error', 'true');
    expect(rows[0]).not.toHaveAttribute('data-error');
    expect(
      rows
        .filter(r => r.hasAttribute('data-critical'))
        .map(r => r.getAttribute('data-span-id')),
    ).toEqual([id('a'), id('b'), id('c'), id('d')]);
    expect(
      rows.find(r => r.getAttribute('data-span-id') === id('e')),
    ).not.toHaveAttribute('data-critical');
  });

  it('collapses and expands a subtree, and collapses all', () => {
    renderWaterfall();
    fireEvent.click(
      screen.getByRole('button', { name: 'Collapse POST /api/payments' }),
    );
    expect(rowIds()).toEqual([id('a'), id('b'), id('d')]);
    expect(screen.getAllByTestId('waterfall-row')[1]).toHaveTextContent('(+1)');
    fireEvent.click(
      screen.getByRole('button', { name: 'Expand POST /api/payments' }),
    );
    expect(rowIds()).toHaveLength(4);
    fireEvent.click(screen.getByRole('button', { name: 'Collapse all' }));
    expect(rowIds()).toEqual([id('a')]);
    fireEvent.click(screen.getByRole('button', { name: 'Expand all' }));
    expect(rowIds()).toHaveLength(4);
  });

  it("shows a selected span's status, attributes, resource and events in the side panel", () => {
    renderWaterfall();
    fireEvent.click(screen.getAllByTestId('waterfall-row')[1]);
    const panel = screen.getByTestId('span-details');
    expect(within(panel).getByTestId('span-status')).toHaveTextContent(
      'Status error: card declined · on the critical path',
    );
    const attributes = within(panel).getByRole('table', { name: 'Attributes' });
    expect(attributes).toHaveTextContent('http.status_code502');
    expect(
      within(panel).getByRole('table', { name: 'Resource' }),
    ).toHaveTextContent('service.namepayments');
    expect(panel).toHaveTextContent('+190.0 ms exception');
    expect(panel).toHaveTextContent('exception.type: Declined');
  });

  it('links the trace and its logs only when they are http(s) URLs', () => {
    renderWaterfall({
      traceUrl: 'http://jaeger.example/trace/x',
      instanceLabel: 'Jaeger EU',
      logsUrl: s =>
        // eslint-disable-next-line no-script-url
        s ? 'javascript:alert(1)' : 'https://logs.example/?trace=x',
      initialSelectedSpanId: id('b'),
    });
    expect(
      screen.getByRole('link', { name: 'Open in Jaeger EU' }),
    ).toHaveAttribute('href', 'http://jaeger.example/trace/x');
    expect(
      screen.getByRole('link', { name: 'Logs for this trace' }),
    ).toHaveAttribute('href', 'https://logs.example/?trace=x');
    expect(
      screen.queryByRole('link', { name: 'Logs for this span' }),
    ).toBeNull();
  });

  it('says when spans are orphans of a partial trace', () => {
    renderWaterfall({ spans: [...spans, span('x', 'missing', 5, 5)] });
    expect(screen.getByTestId('orphan-note')).toHaveTextContent(
      "1 span's parent is not in this trace",
    );
  });

  it('keeps only the rows in view in the DOM for a 10,000-span trace', () => {
    const big = [span('1', undefined, 0, 10_000)];
    for (let i = 2; i <= 10_000; i++)
      big.push(span(String(i), '1', i % 9000, 5));
    renderWaterfall({ spans: big });
    const inDom = screen.getAllByTestId('waterfall-row').length;
    expect(inDom).toBeGreaterThan(10);
    expect(inDom).toBeLessThan(60);
    expect(screen.getByText(/10000 spans/)).toBeInTheDocument();
    // The scroll height still holds every row.
    const viewport = screen.getByTestId('waterfall-viewport');
    expect((viewport.firstChild as HTMLElement).style.height).toBe(
      `${10_000 * 24}px`,
    );
  });

  /** Row k is span k + 1: children of span 1 start in order. */
  const bigTrace = () => {
    const big = [span('1', undefined, 0, 20_000)];
    for (let i = 2; i <= 10_000; i++) big.push(span(String(i), '1', i, 5));
    return big;
  };

  it('shows the rows at the scroll position, reusing the row nodes', async () => {
    renderWaterfall({ spans: bigTrace() });
    const before = screen.getAllByTestId('waterfall-row');
    const viewport = screen.getByTestId('waterfall-viewport');
    viewport.scrollTop = 5000 * 24;
    fireEvent.scroll(viewport);
    await waitFor(() => expect(rowIds()).toContain(id('5001')));
    const after = screen.getAllByTestId('waterfall-row');
    // The window around row 5000, in order, positioned at its rows.
    expect(rowIds()).toEqual(
      Array.from({ length: after.length }, (_, k) => id(String(4991 + k))),
    );
    expect(after[0]!.style.top).toBe(`${4990 * 24}px`);
    expect(rowIds()).not.toContain(id('1'));
    // Recycled: the same DOM nodes, now showing other spans.
    expect(new Set(after)).toEqual(new Set(before));
  });

  it('is one tab stop, and the arrow keys, Home and End reach every row', async () => {
    renderWaterfall({ spans: bigTrace() });
    const tabStops = () =>
      screen
        .getAllByTestId('waterfall-row')
        .filter(r => r.tabIndex === 0)
        .map(r => r.getAttribute('data-span-id'));
    expect(tabStops()).toEqual([id('1')]);
    const focused = () => document.activeElement?.getAttribute('data-span-id');

    fireEvent.keyDown(screen.getAllByTestId('waterfall-row')[0]!, {
      key: 'ArrowDown',
    });
    await waitFor(() => expect(focused()).toBe(id('2')));
    expect(tabStops()).toEqual([id('2')]);

    // End: the last span, far outside the rows first drawn, drawn and focused.
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    await waitFor(() => expect(focused()).toBe(id('10000')));
    expect(screen.getByTestId('waterfall-viewport').scrollTop).toBeGreaterThan(
      9000 * 24,
    );
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    await waitFor(() => expect(focused()).toBe(id('9999')));
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    await waitFor(() => expect(focused()).toBe(id('1')));
    expect(tabStops()).toEqual([id('1')]);
  });

  it('copies the trace id', async () => {
    const writeText = jest.fn(async () => undefined);
    Object.assign(navigator, { clipboard: { writeText } });
    renderWaterfall();
    fireEvent.click(screen.getByRole('button', { name: 'Copy trace id' }));
    expect(writeText).toHaveBeenCalledWith('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(await screen.findByText('Copied')).toBeInTheDocument();
  });
});
