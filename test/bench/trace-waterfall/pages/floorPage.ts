/* The floor: the same timing with nothing rendered (the wait for two frames alone). */
import { install } from '../../chart-render/pages/harness';
import { installScroll } from './scroll';

install(
  () => () => {},
  () => ({}),
  { width: 1400, height: 700 },
);
installScroll('#none');
