import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

/** Which traces the section lists. */
export type TracePreset = 'recent' | 'slow' | 'errors';

export interface TraceParams {
  preset: TracePreset;
  /** Lower bound on duration, in milliseconds: set by "traces slower than X". */
  minMs?: number;
  /** The trace open in the waterfall. */
  traceId?: string;
  /** The span selected in it. */
  spanId?: string;
}

const PRESETS = new Set<TracePreset>(['recent', 'slow', 'errors']);
const KEYS = ['traces', 'tracesMinMs', 'trace', 'span'];

export function parseTraceParams(params: URLSearchParams): TraceParams {
  const preset = params.get('traces') as TracePreset | null;
  const minMs = Number(params.get('tracesMinMs'));
  const traceId = params.get('trace') ?? '';
  const spanId = params.get('span') ?? '';
  return {
    preset: preset && PRESETS.has(preset) ? preset : 'recent',
    ...(Number.isFinite(minMs) && minMs > 0 ? { minMs } : {}),
    ...(/^[0-9a-f]{1,32}$/i.test(traceId) ? { traceId } : {}),
    ...(/^[0-9a-f]{16}$/i.test(spanId) ? { spanId } : {}),
  };
}

export function writeTraceParams(
  current: URLSearchParams,
  next: TraceParams,
): URLSearchParams {
  const params = new URLSearchParams(current);
  for (const key of KEYS) params.delete(key);
  if (next.preset !== 'recent') params.set('traces', next.preset);
  if (next.minMs) params.set('tracesMinMs', String(Math.round(next.minMs)));
  if (next.traceId) params.set('trace', next.traceId);
  if (next.spanId) params.set('span', next.spanId);
  return params;
}

/**
 * The traces section's state in the URL, beside the time range: a copied link, an exemplar dot
 * and an alert's "traces" link all open the same list and trace.
 */
export function useTraceParams(): [
  TraceParams,
  (update: Partial<TraceParams>) => void,
] {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseTraceParams(params), [params]);
  const update = useCallback(
    (changes: Partial<TraceParams>) =>
      setParams(current =>
        writeTraceParams(current, {
          ...parseTraceParams(current),
          ...changes,
        }),
      ),
    [setParams],
  );
  return [state, update];
}
