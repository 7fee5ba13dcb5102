import { useMemo } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import useAsync from 'react-use/esm/useAsync';
import { observabilityApiRef } from '../../api';
import type { ChartMarker } from '../TimeSeriesChart';
import { formatDurationUs } from '../TracesSection/traceFormat';

/**
 * The latency histogram's exemplars in the range as chart markers keyed by trace id, fetched
 * only when the entity has traces to open. A failure only loses the dots, never the chart.
 */
export function useLatencyExemplars(
  entityRef: CompoundEntityRef,
  range: { from: number; to: number },
  enabled: boolean,
): { markers: ChartMarker[]; warnings: string[] } {
  const api = useApi(observabilityApiRef);
  const { from, to } = range;
  const exemplars = useAsync(
    async () =>
      enabled ? api.getLatencyExemplars(entityRef, { from, to }) : undefined,
    [api, entityRef, enabled, from, to],
  );
  return useMemo(() => {
    const list = slowestPerSlot(exemplars.value?.exemplars ?? [], from, to);
    const markers = list.map((e, i) => ({
      key: `${e.traceId}-${e.time}-${i}`,
      x: e.time,
      y: e.value,
      label: `Trace ${e.traceId.slice(0, 8)}…, ${formatDurationUs(
        e.value * 1e6,
      )}${e.labels.route ? ` on ${e.labels.route}` : ''}: open the trace`,
      ref: e.traceId,
    }));
    const warnings = exemplars.error
      ? [`Exemplars not shown: ${exemplars.error.message}`]
      : exemplars.value?.warnings ?? [];
    return { markers, warnings };
  }, [exemplars.value, exemplars.error, from, to]);
}

/** At most this many dots across the chart: more hide the lines they explain. */
export const MAX_DOTS = 60;

/**
 * The slowest exemplar of each of `MAX_DOTS` equal slots of the range: slow requests are the
 * ones worth opening, and the dots stay apart.
 */
export function slowestPerSlot<T extends { time: number; value: number }>(
  exemplars: T[],
  from: number,
  to: number,
): T[] {
  const width = Math.max(to - from, 1) / MAX_DOTS;
  const slots = new Map<number, T>();
  for (const e of exemplars) {
    const slot = Math.floor((e.time - from) / width);
    const kept = slots.get(slot);
    if (!kept || e.value > kept.value) slots.set(slot, e);
  }
  return [...slots.values()].sort((a, b) => a.time - b.time);
}
