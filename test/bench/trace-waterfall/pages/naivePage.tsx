/*
 * The baseline: the same rows (label and bar on a shared time axis) with every span in the DOM,
 * as a span table without virtualization draws them. It stands in for trace UIs that render all
 * rows; Jaeger UI itself could not be built and run on this machine, so it is not measured here.
 */
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { buildSpanTree } from '../../../../plugins/observability/src/components/TraceWaterfall/spanTree';
import { serviceColor } from '../../../../plugins/observability/src/components/TraceWaterfall/waterfallScale';
import { install } from '../../chart-render/pages/harness';
import { installScroll } from './scroll';
import { pageSpans } from './pageParams';

const spans = pageSpans();

const Naive = () => {
  const tree = buildSpanTree(spans);
  const total = tree.endUs - tree.startUs;
  return (
    <div
      id="naive-viewport"
      style={{ height: 480, overflowY: 'auto', font: '12px sans-serif' }}
    >
      {tree.rows.map(({ span, depth }) => (
        <div
          key={span.spanId}
          className="naive-row"
          style={{ display: 'flex', height: 24, alignItems: 'center' }}
        >
          <div
            style={{
              width: 320,
              paddingLeft: depth * 12,
              whiteSpace: 'nowrap',
              overflow: 'hidden',
            }}
          >
            {span.service} {span.name}
          </div>
          <div style={{ position: 'relative', flex: 1, height: 24 }}>
            <div
              style={{
                position: 'absolute',
                top: 6,
                height: 12,
                left: `${((span.startUs - tree.startUs) / total) * 100}%`,
                width: `${(span.durationUs / total) * 100}%`,
                minWidth: 2,
                background: serviceColor(span.service),
              }}
            />
          </div>
        </div>
      ))}
    </div>
  );
};

install(
  container => {
    const root = createRoot(container);
    flushSync(() => root.render(<Naive />));
    return () => root.unmount();
  },
  container => ({ rowsInDom: container.querySelectorAll('.naive-row').length }),
  { width: 1400, height: 700 },
);
installScroll('#naive-viewport');
