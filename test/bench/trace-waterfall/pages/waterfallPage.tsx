/*
 * Our TraceWaterfall (virtualized rows, minimap canvas, critical path), bundled as the app would
 * bundle it, in Backstage's light theme. Timed from before the React render to the painted frame;
 * includes building the span tree and the critical path.
 */
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { ThemeProvider } from '@material-ui/core/styles';
import { lightTheme } from '@backstage/theme';
import { TraceWaterfall } from '../../../../plugins/observability/src/components/TraceWaterfall/TraceWaterfall';
import { install } from '../../chart-render/pages/harness';
import { installScroll } from './scroll';
import { pageSpans } from './pageParams';

const spans = pageSpans();

install(
  container => {
    const root = createRoot(container);
    flushSync(() =>
      root.render(
        <ThemeProvider theme={lightTheme}>
          <TraceWaterfall spans={spans} focusService="checkout" />
        </ThemeProvider>,
      ),
    );
    return () => root.unmount();
  },
  container => ({
    rowsInDom: container.querySelectorAll('[data-testid="waterfall-row"]')
      .length,
    summary:
      container.querySelector('[data-testid="trace-waterfall"] p')
        ?.textContent ?? '',
  }),
  { width: 1400, height: 700 },
);
installScroll('[data-testid="waterfall-viewport"]');
