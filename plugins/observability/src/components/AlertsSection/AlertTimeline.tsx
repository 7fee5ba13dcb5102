import type { AlertView } from '@stagewatch/backstage-plugin-observability-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { SeverityChip } from './SeverityChip';
import { AlertTracesLink } from './AlertTracesLink';
import {
  eventLabels,
  formatActor,
  formatDuration,
  formatTime,
} from './alertFormat';

const useStyles = makeStyles(theme => ({
  alert: {
    padding: theme.spacing(1.5, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
  },
  events: {
    listStyle: 'none',
    margin: theme.spacing(1, 0, 0),
    padding: theme.spacing(0, 0, 0, 2),
    borderLeft: `2px solid ${theme.palette.divider}`,
  },
  event: { padding: theme.spacing(0.25, 0) },
  time: { color: theme.palette.text.secondary, marginRight: theme.spacing(1) },
}));

/** "resolved after 12m", "firing for 2h 5m". */
function lifetime(alert: AlertView, now: number): string {
  if (alert.status === 'resolved' && alert.endsAt !== null)
    return `resolved after ${formatDuration(alert.endsAt - alert.startsAt)}`;
  return `firing for ${formatDuration(now - alert.startsAt)}`;
}

/** Every alert of the range with what happened to it, oldest event first. */
export const AlertTimeline = ({
  alerts,
  now,
  tracesLink,
}: {
  alerts: AlertView[];
  now: number;
  /** The entity has traces: link each alert to those around its start. */
  tracesLink?: boolean;
}) => {
  const classes = useStyles();
  return (
    <Box component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
      {alerts.map(alert => {
        // The backend sends them oldest first; sorting again keeps the order if it ever does not.
        const events = alert.events
          .map((event, i) => ({ event, i }))
          .sort((a, b) => a.event.time - b.event.time || a.i - b.i)
          .map(({ event }) => event);
        return (
          <li
            key={alert.id}
            className={classes.alert}
            data-testid={`timeline-alert-${alert.id}`}
          >
            <Box
              display="flex"
              alignItems="center"
              flexWrap="wrap"
              style={{ gap: 8 }}
            >
              <SeverityChip severity={alert.severity} />
              <Typography variant="subtitle2" component="span">
                {alert.alertname}
              </Typography>
              <Typography
                variant="body2"
                color="textSecondary"
                component="span"
                data-testid="timeline-lifetime"
              >
                {lifetime(alert, now)}
              </Typography>
              {tracesLink && <AlertTracesLink alert={alert} />}
            </Box>
            {alert.annotations.summary && (
              <Typography variant="body2">
                {alert.annotations.summary}
              </Typography>
            )}
            <ol
              className={classes.events}
              aria-label={`Events of ${alert.alertname}`}
            >
              {events.map((event, i) => {
                const actor = formatActor(event.actor);
                return (
                  <li
                    key={`${event.type}-${event.time}-${i}`}
                    className={classes.event}
                    data-event={event.type}
                  >
                    <Typography variant="body2" component="span">
                      <time
                        className={classes.time}
                        dateTime={new Date(event.time * 1000).toISOString()}
                      >
                        {formatTime(event.time)}
                      </time>
                      <strong>{eventLabels[event.type] ?? event.type}</strong>
                      {actor && <> by {actor}</>}
                      {event.note && <>: “{event.note}”</>}
                    </Typography>
                  </li>
                );
              })}
            </ol>
          </li>
        );
      })}
    </Box>
  );
};
