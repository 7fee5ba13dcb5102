import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import {
  ANNOTATION_ALERT_SELECTOR,
  AlertsResponse,
  AlertView,
} from '@stagewatch/backstage-plugin-observability-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { observabilityApiRef } from '../../api';
import { errorMessage } from '../errorMessage';
import {
  AcknowledgeDialog,
  AlertAction,
  ExpireSilenceDialog,
  SilenceDialog,
} from './AlertDialogs';
import { AlertStats } from './AlertStats';
import { AlertTimeline } from './AlertTimeline';
import { FiringAlerts } from './FiringAlerts';
import { ALERTS_SECTION_ID } from './alertFormat';

/** Timeline alerts per request ("Show more" asks for the next page). */
export const TIMELINE_PAGE_SIZE = 20;
/** Firing alerts shown at once; more than this is an incident the list says is cut short. */
const FIRING_LIMIT = 100;

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * The alerts section of the tab: mean times to acknowledge and resolve over the range, the alerts
 * firing now with acknowledge and silence actions, and a timeline of every alert of the range.
 * Three requests (firing, timeline, stats) that fail on their own; an action reloads all three.
 */
export const AlertsSection = (props: {
  entityRef: CompoundEntityRef;
  from: number;
  to: number;
  /** Changes on every auto-refresh tick. */
  refreshKey?: unknown;
  /** The entity has traces: each alert links to those around its start. */
  tracesLink?: boolean;
}) => {
  const { entityRef, from, to, refreshKey, tracesLink } = props;
  const api = useApi(observabilityApiRef);
  const [reloadKey, setReloadKey] = useState(0);
  const [action, setAction] = useState<AlertAction>();

  // Alerts that fire now overlap [from, now] whenever they started, so this finds them all.
  const firing = useAsync(
    () =>
      api.getAlerts(entityRef, {
        from,
        to: Math.max(to, nowSeconds()),
        state: 'firing',
        limit: FIRING_LIMIT,
      }),
    [api, entityRef, from, to, refreshKey, reloadKey],
  );
  const timeline = useAsync(
    () => api.getAlerts(entityRef, { from, to, limit: TIMELINE_PAGE_SIZE }),
    [api, entityRef, from, to, refreshKey, reloadKey],
  );
  const stats = useAsync(
    () => api.getAlertStats(entityRef, { from, to }),
    [api, entityRef, from, to, refreshKey, reloadKey],
  );

  // Further timeline pages, dropped whenever the first page is loaded again.
  const [more, setMore] = useState<AlertView[]>([]);
  const firstPage = useRef<AlertsResponse>();
  useEffect(() => {
    firstPage.current = timeline.value;
    setMore([]);
  }, [timeline.value]);
  const shown = [...(timeline.value?.alerts ?? []), ...more];
  const [moreState, loadMore] = useAsyncFn(async () => {
    const page = firstPage.current;
    const next = await api.getAlerts(entityRef, {
      from,
      to,
      limit: TIMELINE_PAGE_SIZE,
      offset: shown.length,
    });
    if (firstPage.current !== page) return; // reloaded meanwhile
    // A new alert shifts the pages by one; skip what is already shown.
    setMore(current => {
      const seen = new Set(
        [...(page?.alerts ?? []), ...current].map(a => a.id),
      );
      return [...current, ...next.alerts.filter(a => !seen.has(a.id))];
    });
  }, [api, entityRef, from, to, shown.length]);

  const done = useCallback(() => {
    setAction(undefined);
    setReloadKey(k => k + 1);
  }, []);
  const close = useCallback(() => setAction(undefined), []);

  const now = nowSeconds();
  const permissions = firing.value?.permissions ?? timeline.value?.permissions;
  const empty = firing.value?.total === 0 && timeline.value?.total === 0;
  const loading =
    (firing.loading && !firing.value) || (timeline.loading && !timeline.value);

  return (
    <Box data-testid="alerts-section" id={ALERTS_SECTION_ID}>
      <Typography variant="h5" component="h2" gutterBottom>
        Alerts
      </Typography>
      {loading && <Progress />}
      {empty && (
        <InfoCard title="No alerts in this range">
          <Typography variant="body2" data-testid="alerts-empty">
            Alerts come from Alertmanager: its webhook sends each firing and
            resolved alert to Backstage, which files it under the entities whose{' '}
            <code>{ANNOTATION_ALERT_SELECTOR}</code> (or Prometheus selector)
            matches its labels. None matched in this range.
          </Typography>
        </InfoCard>
      )}
      {!empty && (
        <Grid container spacing={2}>
          <Grid item xs={12}>
            <InfoCard
              title="Response"
              subheader="Alerts that fired in this range"
            >
              {stats.loading && !stats.value && <Progress />}
              {stats.error && (
                <Alert severity="error">{errorMessage(stats.error)}</Alert>
              )}
              {stats.value && <AlertStats stats={stats.value} />}
            </InfoCard>
          </Grid>
          <Grid item xs={12} lg={7}>
            <InfoCard
              title={`Firing now${
                firing.value ? ` (${firing.value.total})` : ''
              }`}
            >
              {firing.error && (
                <Alert severity="error">{errorMessage(firing.error)}</Alert>
              )}
              {firing.value && permissions && (
                <>
                  {firing.value.total === 0 && (
                    <Typography variant="body2">Nothing is firing.</Typography>
                  )}
                  <FiringAlerts
                    alerts={firing.value.alerts}
                    now={now}
                    permissions={permissions}
                    onAction={setAction}
                    tracesLink={tracesLink}
                  />
                  {firing.value.total > firing.value.alerts.length && (
                    <Typography variant="caption" color="textSecondary">
                      Showing {firing.value.alerts.length} of{' '}
                      {firing.value.total} firing alerts.
                    </Typography>
                  )}
                </>
              )}
            </InfoCard>
          </Grid>
          <Grid item xs={12} lg={5}>
            <InfoCard
              title="Timeline"
              subheader={
                timeline.value
                  ? `${shown.length} of ${timeline.value.total} alerts in this range`
                  : undefined
              }
            >
              {timeline.error && (
                <Alert severity="error">{errorMessage(timeline.error)}</Alert>
              )}
              {timeline.value && (
                <AlertTimeline
                  alerts={shown}
                  now={now}
                  tracesLink={tracesLink}
                />
              )}
              {moreState.error && (
                <Alert severity="error">{errorMessage(moreState.error)}</Alert>
              )}
              {timeline.value && shown.length < timeline.value.total && (
                <Box mt={1}>
                  <Button
                    onClick={() => loadMore()}
                    disabled={moreState.loading}
                  >
                    Show more
                  </Button>
                </Box>
              )}
            </InfoCard>
          </Grid>
        </Grid>
      )}
      {action?.kind === 'acknowledge' || action?.kind === 'unacknowledge' ? (
        <AcknowledgeDialog
          alert={action.alert}
          undo={action.kind === 'unacknowledge'}
          onClose={close}
          onSubmit={async note => {
            if (action.kind === 'acknowledge')
              await api.acknowledgeAlert(entityRef, action.alert.id, note);
            else await api.unacknowledgeAlert(entityRef, action.alert.id, note);
            done();
          }}
        />
      ) : null}
      {action?.kind === 'silence' && (
        <SilenceDialog
          alert={action.alert}
          onClose={close}
          onSubmit={async silence => {
            await api.silenceAlert(entityRef, action.alert.id, silence);
            done();
          }}
        />
      )}
      {action?.kind === 'expire' && (
        <ExpireSilenceDialog
          alert={action.alert}
          onClose={close}
          onSubmit={async () => {
            await api.expireAlertSilence(entityRef, action.alert.id);
            done();
          }}
        />
      )}
    </Box>
  );
};
