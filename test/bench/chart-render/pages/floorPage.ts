/*
 * (4) The floor: the same timing with nothing to render, i.e. the wait for two frames alone.
 * Every other arm's painted and settled figures include it.
 */
import { SETTINGS } from '../data';
import { install } from './harness';

install(
  () => () => {},
  () => ({}),
  SETTINGS,
);
