import { ReactElement } from 'react';
import type {
  AlertActionPermission,
  AlertView,
} from '@stagewatch/backstage-plugin-observability-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { ExternalLink } from '../ExternalLink';
import type { AlertAction } from './AlertDialogs';
import { SeverityChip } from './SeverityChip';
import { AlertTracesLink } from './AlertTracesLink';
import { formatActor, formatRelative, formatTime } from './alertFormat';

/** A time as "5m ago" with the local date and time on hover. */
export const RelativeTime = ({ time, now }: { time: number; now: number }) => (
  <Tooltip title={formatTime(time)}>
    <time dateTime={new Date(time * 1000).toISOString()}>
      {formatRelative(time, now)}
    </time>
  </Tooltip>
);

/**
 * A button that is disabled, with the reason in a tooltip, when the user may not act. A disabled
 * button fires no mouse events, so the tooltip hangs on a span around it.
 */
const ActionButton = (props: {
  label: string;
  ariaLabel: string;
  permission: AlertActionPermission;
  onClick: () => void;
}): ReactElement => {
  const { label, ariaLabel, permission, onClick } = props;
  const button = (
    <Button
      size="small"
      variant="outlined"
      aria-label={ariaLabel}
      disabled={!permission.allowed}
      onClick={onClick}
    >
      {label}
    </Button>
  );
  if (permission.allowed) return button;
  return (
    <Tooltip title={permission.reason ?? 'You may not do this'}>
      <span>{button}</span>
    </Tooltip>
  );
};

const FiringAlert = (props: {
  alert: AlertView;
  now: number;
  permissions: {
    acknowledge: AlertActionPermission;
    silence: AlertActionPermission;
  };
  onAction: (action: AlertAction) => void;
  /** The entity has traces: link the alert to those around its start. */
  tracesLink?: boolean;
}) => {
  const { alert, now, permissions, onAction, tracesLink } = props;
  const { summary, description, runbook_url: runbook } = alert.annotations;
  const ack = alert.acknowledged;
  const silence = alert.silenced;
  return (
    <ListItem
      divider
      data-testid={`firing-alert-${alert.id}`}
      style={{ display: 'block' }}
    >
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <SeverityChip severity={alert.severity} />
        <Typography variant="subtitle1" component="h4">
          {alert.alertname}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          since <RelativeTime time={alert.startsAt} now={now} />
          {alert.value !== null && <> · value {alert.value}</>}
        </Typography>
      </Box>
      {summary && <Typography variant="body2">{summary}</Typography>}
      {description && (
        <Typography variant="body2" color="textSecondary">
          {description}
        </Typography>
      )}
      {(runbook || alert.generatorURL || tracesLink) && (
        <Typography variant="body2">
          {runbook && <ExternalLink url={runbook}>Runbook</ExternalLink>}
          {runbook && alert.generatorURL && ' · '}
          {alert.generatorURL && (
            // The rule's expression in the Prometheus that evaluates it.
            <ExternalLink url={alert.generatorURL}>Source</ExternalLink>
          )}
          {(runbook || alert.generatorURL) && tracesLink && ' · '}
          {tracesLink && <AlertTracesLink alert={alert} />}
        </Typography>
      )}
      {ack && (
        <Typography variant="body2" data-testid="alert-acknowledged">
          Acknowledged by {formatActor(ack.by)}{' '}
          <RelativeTime time={ack.time} now={now} />
          {ack.note && <>: “{ack.note}”</>}
        </Typography>
      )}
      {silence && (
        <Typography variant="body2" data-testid="alert-silenced">
          Silenced by {formatActor(silence.by)} until{' '}
          {formatTime(silence.endsAt)} ({formatRelative(silence.endsAt, now)})
          {silence.note && <>: “{silence.note}”</>}
        </Typography>
      )}
      <Box display="flex" mt={1} style={{ gap: 8 }}>
        {ack ? (
          <ActionButton
            label="Unacknowledge"
            ariaLabel={`Unacknowledge ${alert.alertname}`}
            permission={permissions.acknowledge}
            onClick={() => onAction({ kind: 'unacknowledge', alert })}
          />
        ) : (
          <ActionButton
            label="Acknowledge"
            ariaLabel={`Acknowledge ${alert.alertname}`}
            permission={permissions.acknowledge}
            onClick={() => onAction({ kind: 'acknowledge', alert })}
          />
        )}
        {silence ? (
          <ActionButton
            label="Expire silence"
            ariaLabel={`Expire silence of ${alert.alertname}`}
            permission={permissions.silence}
            onClick={() => onAction({ kind: 'expire', alert })}
          />
        ) : (
          <ActionButton
            label="Silence"
            ariaLabel={`Silence ${alert.alertname}`}
            permission={permissions.silence}
            onClick={() => onAction({ kind: 'silence', alert })}
          />
        )}
      </Box>
    </ListItem>
  );
};

/** Alerts firing now, each with what it says, who is on it, and the actions the user may take. */
export const FiringAlerts = (props: {
  alerts: AlertView[];
  now: number;
  permissions: {
    acknowledge: AlertActionPermission;
    silence: AlertActionPermission;
  };
  onAction: (action: AlertAction) => void;
  tracesLink?: boolean;
}) => (
  <List disablePadding aria-label="Firing alerts">
    {props.alerts.map(alert => (
      <FiringAlert key={alert.id} alert={alert} {...props} />
    ))}
  </List>
);
