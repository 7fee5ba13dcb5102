import { syntheticTrace } from '../data';

/** The trace size the page draws, from `?spans=`. */
export function pageSpans() {
  const n = Number(
    new URLSearchParams(window.location.search).get('spans') ?? 1000,
  );
  return syntheticTrace(n);
}
