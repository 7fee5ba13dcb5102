import { useMemo } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import {
  fillTraceLink,
  safeHttpUrl,
  TraceSpan,
} from '@stagewatch/backstage-plugin-observability-common';
import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { observabilityApiRef } from '../../api';
import { errorMessage, errorStatus } from '../errorMessage';
import { TraceWaterfall } from '../TraceWaterfall';

/** One trace of the entity, fetched whole and drawn as a waterfall with its links. */
export const TraceDetail = (props: {
  entityRef: CompoundEntityRef;
  traceId: string;
  spanId?: string;
}) => {
  const { entityRef, traceId, spanId } = props;
  const api = useApi(observabilityApiRef);
  const trace = useAsync(
    () => api.getTrace(entityRef, traceId),
    [api, entityRef, traceId],
  );
  const value = trace.value;
  const around = useMemo(() => {
    if (!value?.spans.length) return undefined;
    const start = Math.min(...value.spans.map(s => s.startUs));
    const end = Math.max(...value.spans.map(s => s.startUs + s.durationUs));
    // A minute either side: logs of a trace are written around it, not only inside it.
    return { start: start / 1e6 - 60, end: end / 1e6 + 60 };
  }, [value]);

  if (trace.loading) return <Progress />;
  if (trace.error) {
    const notFound = errorStatus(trace.error) === 404;
    return (
      <Alert
        severity={notFound ? 'warning' : 'error'}
        data-testid="trace-error"
      >
        {notFound
          ? `Trace ${traceId} is not one of this entity's traces, or the trace store no longer has it.`
          : errorMessage(trace.error)}
      </Alert>
    );
  }
  if (!value) return null;
  const links = value.links;
  const traceUrl = safeHttpUrl(
    fillTraceLink(links.trace, {
      traceId,
      service: value.service,
      ...around,
    }),
  );
  const logsUrl = (span?: TraceSpan) =>
    safeHttpUrl(
      fillTraceLink(links.logs, {
        traceId,
        spanId: span?.spanId,
        service: span?.service ?? value.service,
        ...around,
      }),
    );
  return (
    <Box data-testid="trace-detail">
      <TraceWaterfall
        spans={value.spans}
        focusService={value.service}
        traceUrl={traceUrl}
        instanceLabel={value.instance}
        logsUrl={links.logs ? logsUrl : undefined}
        initialSelectedSpanId={spanId}
      />
    </Box>
  );
};
