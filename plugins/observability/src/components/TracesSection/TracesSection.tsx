import { useMemo, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { observabilityApiRef, TracesQuery } from '../../api';
import { errorMessage } from '../errorMessage';
import { TraceDetail } from './TraceDetail';
import { NoTraceInstanceState, NoTraceServiceState } from './TraceEmptyStates';
import {
  emptyFilters,
  TraceFilterBar,
  TraceFilterValues,
} from './TraceFilterBar';
import { TraceList } from './TraceList';
import { formatDurationUs } from './traceFormat';
import { useTraceParams } from './useTraceParams';

const positive = (text: string) => {
  const n = Number(text);
  return text.trim() && Number.isFinite(n) && n >= 0 ? n : undefined;
};

/** Whether the backend said traces are not set up (not a failure: an empty state). */
function notConfigured(error: unknown): string | undefined {
  const body = (error as ResponseError | undefined)?.body?.error;
  return body?.name === 'TracesNotConfiguredError' ? body.message : undefined;
}

/**
 * The Traces section of the tab: the entity's traces in the tab's time range, with presets
 * (Recent; Slow: above the current p99; Errors) and filters, and the waterfall of the open trace.
 * Which trace is open lives in the URL, so exemplar dots and alert links open it too.
 */
export const TracesSection = (props: {
  entityRef: CompoundEntityRef;
  /** The entity's `observability/trace-service` annotation. */
  traceService?: string;
  from: number;
  to: number;
  /** The entity's current p99 latency in seconds, for the Slow preset. */
  p99Seconds?: number | null;
  refreshKey?: unknown;
}) => {
  const { entityRef, traceService, from, to, p99Seconds, refreshKey } = props;
  const api = useApi(observabilityApiRef);
  const [params, setParams] = useTraceParams();
  const [filters, setFilters] = useState<TraceFilterValues>(emptyFilters);
  const declared = Boolean(traceService?.trim());

  const slowMs = p99Seconds ? p99Seconds * 1000 : undefined;
  const query = useMemo((): TracesQuery => {
    const [key, ...rest] = filters.attribute.split('=');
    const attributes =
      key.trim() && rest.length
        ? [{ key: key.trim(), value: rest.join('=') }]
        : [];
    let minDurationMs = positive(filters.minMs);
    if (params.minMs)
      minDurationMs = Math.max(minDurationMs ?? 0, params.minMs);
    if (params.preset === 'slow' && slowMs)
      minDurationMs = Math.max(minDurationMs ?? 0, slowMs);
    return {
      from: Math.floor(from),
      to: Math.ceil(to),
      operation: filters.operation || undefined,
      minDurationMs:
        minDurationMs !== undefined ? Math.round(minDurationMs) : undefined,
      maxDurationMs: positive(filters.maxMs),
      errorOnly: params.preset === 'errors',
      attributes,
      limit: 20,
    };
  }, [filters, params.preset, params.minMs, slowMs, from, to]);

  const traces = useAsync(
    async () => (declared ? api.getTraces(entityRef, query) : undefined),
    [api, entityRef, declared, query, refreshKey],
  );
  const operations = useAsync(
    async () =>
      declared ? (await api.getTraceOperations(entityRef)).operations : [],
    [api, entityRef, declared],
  );

  if (!declared) return <NoTraceServiceState />;
  const setUp = notConfigured(traces.error);
  if (setUp) return <NoTraceInstanceState message={setUp} />;

  let slowHint = 'Slower than the current p99 (unknown: no latency data)';
  if (slowMs)
    slowHint = `Slower than the current p99, ${formatDurationUs(
      slowMs * 1000,
    )}`;
  const listed = traces.value?.traces ?? [];
  return (
    <Box data-testid="traces-section">
      <Typography variant="h5" component="h2" gutterBottom>
        Traces
      </Typography>
      <Paper variant="outlined">
        <Box p={2}>
          <Box mb={2}>
            <Typography variant="body2" color="textSecondary">
              Service <code>{traceService}</code>
              {traces.value ? ` in ${traces.value.instance}` : ''}
            </Typography>
          </Box>
          <TraceFilterBar
            preset={params.preset}
            onPreset={preset => setParams({ preset, minMs: undefined })}
            operations={operations.value ?? []}
            filters={filters}
            onFilters={setFilters}
            slowHint={slowHint}
          />
          {params.minMs && (
            <Box mt={1}>
              <Alert
                severity="info"
                action={
                  <Button
                    size="small"
                    onClick={() => setParams({ minMs: undefined })}
                  >
                    Clear
                  </Button>
                }
              >
                Traces slower than {formatDurationUs(params.minMs * 1000)} in
                this window
              </Alert>
            </Box>
          )}
          {params.preset === 'slow' && !slowMs && (
            <Box mt={1}>
              <Alert severity="info">
                The current p99 is unknown, so Slow lists every trace.
              </Alert>
            </Box>
          )}
          <Box mt={2}>
            {traces.loading && !traces.value && <Progress />}
            {traces.error && (
              <Alert severity="error" data-testid="traces-error">
                {errorMessage(traces.error)}
              </Alert>
            )}
            {traces.value?.warnings.map(w => (
              <Alert key={w} severity="warning">
                {w}
              </Alert>
            ))}
            {traces.value && listed.length === 0 && (
              <Typography variant="body2" data-testid="traces-empty">
                No traces of <code>{traceService}</code> match in this time
                range.
              </Typography>
            )}
            {listed.length > 0 && (
              <TraceList
                traces={listed}
                selectedTraceId={params.traceId}
                onOpen={traceId => setParams({ traceId, spanId: undefined })}
              />
            )}
          </Box>
        </Box>
      </Paper>
      {params.traceId && (
        <Box mt={2}>
          <Paper variant="outlined">
            <Box p={2}>
              <Box display="flex" alignItems="center" mb={1}>
                <Typography variant="h6" component="h3" style={{ flex: 1 }}>
                  Trace <code>{params.traceId}</code>
                </Typography>
                <Button
                  size="small"
                  onClick={() =>
                    setParams({ traceId: undefined, spanId: undefined })
                  }
                >
                  Close
                </Button>
              </Box>
              <TraceDetail
                entityRef={entityRef}
                traceId={params.traceId}
                spanId={params.spanId}
              />
            </Box>
          </Paper>
        </Box>
      )}
    </Box>
  );
};
