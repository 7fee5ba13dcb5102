import { startTransition, useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { parseTimeRange, TimeRangeState, writeTimeRange } from './timeRange';

/**
 * The view's time range and auto-refresh, kept in the URL so a copied link shows the same view.
 */
export function useTimeRange(): [
  TimeRangeState,
  (next: TimeRangeState) => void,
] {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseTimeRange(params), [params]);
  const setState = useCallback(
    // A transition: the charts keep showing the old range while the new one loads, instead of the
    // page falling back to a loading indicator.
    (next: TimeRangeState) =>
      startTransition(() =>
        setParams(current => writeTimeRange(current, next), { replace: false }),
      ),
    [setParams],
  );
  return [state, setState];
}
