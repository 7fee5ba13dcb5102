import { useCallback, useMemo, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  useEntity,
  MissingAnnotationEmptyState,
} from '@backstage/plugin-catalog-react';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import useInterval from 'react-use/esm/useInterval';
import {
  ANNOTATION_ALERT_RULES,
  ANNOTATION_PROMETHEUS_SELECTOR,
  ANNOTATION_SLOS,
  ANNOTATION_TRACE_SERVICE,
  isObservabilityAvailable,
} from '@stagewatch/backstage-plugin-observability-common';
import { observabilityApiRef } from '../../api';
import {
  refreshIntervals,
  resolveTimeRange,
  stepFor,
} from '../../hooks/timeRange';
import { useTimeRange } from '../../hooks/useTimeRange';
import { TimeRangeControls } from '../TimeRangeControls';
import { HealthSummary } from '../HealthSummary';
import { GoldenSignals } from '../GoldenSignals';
import { ExplorePanel } from '../ExplorePanel';
import { SloSection } from '../SloSection';
import { AlertsSection } from '../AlertsSection';
import { AlertRulesSection } from '../AlertRulesSection';
import { TracesSection } from '../TracesSection';
import { useTraceParams } from '../TracesSection/useTraceParams';
import { useLatencyExemplars } from '../LatencyExemplars';
import { SlowTracesOffer } from '../LatencyExemplars/SlowTracesOffer';
import { errorMessage, errorStatus } from '../errorMessage';

/**
 * The Observability tab: health, golden signals, SLOs, alerts, traces, alert rules and an Explore
 * panel for one entity. Traces are a section here rather than a tab of their own: they share the
 * tab's time range, and the latency chart's exemplars and the alerts open a trace in place.
 * On load it makes summary and signals requests, slos when the entity declares SLOs, and the
 * alerts section's three (firing, timeline, stats over the selected range), the alert rules, and again on each
 * auto-refresh tick.
 */
export const EntityObservabilityContent = () => {
  const { entity } = useEntity();
  const api = useApi(observabilityApiRef);
  const entityRef = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const [timeRange, setTimeRange] = useTimeRange();
  // Relative ranges end "now"; a refresh tick moves now forward.
  const [now, setNow] = useState(() => Date.now() / 1000);
  const refreshSeconds = refreshIntervals[timeRange.refresh];
  useInterval(
    () => setNow(Date.now() / 1000),
    refreshSeconds > 0 ? refreshSeconds * 1000 : null,
  );

  const { from, to } = useMemo(
    () => resolveTimeRange(timeRange, now),
    [timeRange, now],
  );
  const step = stepFor(from, to);
  const available = isObservabilityAvailable(entity);
  const traceService = entity.metadata.annotations?.[ANNOTATION_TRACE_SERVICE];
  const [, setTraceParams] = useTraceParams();
  const exemplars = useLatencyExemplars(
    entityRef,
    { from, to },
    available && Boolean(traceService?.trim()),
  );
  const openTraces = useCallback(
    (params: { traceId?: string; minMs?: number }) => {
      setTraceParams({ spanId: undefined, ...params });
      document
        .querySelector('[data-testid="traces-section"]')
        ?.scrollIntoView?.({ behavior: 'smooth', block: 'start' });
    },
    [setTraceParams],
  );

  const summary = useAsync(
    async () => (available ? api.getSummary(entityRef) : undefined),
    [api, entityRef, available, now],
  );
  const signals = useAsync(
    async () =>
      available ? api.getSignals(entityRef, { from, to, step }) : undefined,
    [api, entityRef, available, from, to, step],
  );
  const onZoom = useCallback(
    (range: { from: number; to: number }) =>
      setTimeRange({
        kind: 'absolute',
        from: Math.floor(range.from),
        to: Math.ceil(range.to),
        refresh: 'off',
      }),
    [setTimeRange],
  );

  if (!available) {
    return (
      <MissingAnnotationEmptyState
        annotation={ANNOTATION_PROMETHEUS_SELECTOR}
      />
    );
  }
  // The summary takes no input but the entity, so a 400 means its annotations are wrong (missing,
  // malformed, unknown instance or profile): every section would fail the same way, so say it once.
  // Upstream failures (502, 504) stay per section.
  const annotationProblem =
    summary.error && errorStatus(summary.error) === 400
      ? errorMessage(summary.error)
      : undefined;
  if (annotationProblem) {
    return (
      <Alert severity="error" data-testid="observability-annotation-error">
        {annotationProblem}
      </Alert>
    );
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <TimeRangeControls value={timeRange} onChange={setTimeRange} />
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard
          title="Health"
          subheader={
            summary.value ? `Scope ${summary.value.scope.selector}` : undefined
          }
        >
          {summary.loading && !summary.value && <Progress />}
          {summary.error && (
            <Alert severity="error">{errorMessage(summary.error)}</Alert>
          )}
          {summary.value && <HealthSummary summary={summary.value} />}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={8}>
        <GoldenSignals
          signals={signals.value}
          loading={signals.loading}
          error={
            signals.error ? new Error(errorMessage(signals.error)) : undefined
          }
          from={from}
          to={to}
          onZoom={onZoom}
          latency={{
            markers: exemplars.markers,
            onMarker: marker =>
              marker.ref && openTraces({ traceId: marker.ref }),
            footer: (
              <SlowTracesOffer
                signals={signals.value}
                zoomed={timeRange.kind === 'absolute'}
                hasTraces={Boolean(traceService?.trim())}
                exemplarCount={exemplars.markers.length}
                warnings={exemplars.warnings}
                onOpen={minMs => openTraces({ minMs, traceId: undefined })}
              />
            ),
          }}
        />
        {signals.value?.range.note && (
          <Box mt={1}>
            <Alert severity="info">{signals.value.range.note}</Alert>
          </Box>
        )}
      </Grid>
      <Grid item xs={12}>
        <SloSection
          entityRef={entityRef}
          annotation={entity.metadata.annotations?.[ANNOTATION_SLOS]}
          refreshKey={now}
        />
      </Grid>
      <Grid item xs={12}>
        <AlertsSection
          entityRef={entityRef}
          from={from}
          to={to}
          refreshKey={now}
          tracesLink={Boolean(traceService?.trim())}
        />
      </Grid>
      <Grid item xs={12}>
        <TracesSection
          entityRef={entityRef}
          traceService={traceService}
          from={from}
          to={to}
          p99Seconds={summary.value?.values.latencyP99}
          refreshKey={now}
        />
      </Grid>
      <Grid item xs={12}>
        <AlertRulesSection
          entityRef={entityRef}
          annotation={entity.metadata.annotations?.[ANNOTATION_ALERT_RULES]}
          refreshKey={now}
        />
      </Grid>
      <Grid item xs={12}>
        <ExplorePanel
          entity={entityRef}
          scope={summary.value?.scope}
          from={from}
          to={to}
          step={step}
          onZoom={onZoom}
        />
      </Grid>
    </Grid>
  );
};
