/*
 * The floor: the same timing with nothing rendered (the wait for two frames alone), and the same
 * scroll through an empty box as tall as the trace's rows. Its dropped frames are this machine's
 * own (compositor, other processes), the part no waterfall can remove.
 */
import { install } from '../../chart-render/pages/harness';
import { installScroll } from './scroll';

const ROW_HEIGHT = 24;
const spans = Number(
  new URLSearchParams(window.location.search).get('spans') ?? 1000,
);

install(
  container => {
    const box = document.createElement('div');
    box.id = 'floor-viewport';
    box.style.height = '480px';
    box.style.overflowY = 'auto';
    const inner = document.createElement('div');
    inner.style.height = `${spans * ROW_HEIGHT}px`;
    box.appendChild(inner);
    container.appendChild(box);
    return () => box.remove();
  },
  () => ({}),
  { width: 1400, height: 700 },
);
installScroll('#floor-viewport');
