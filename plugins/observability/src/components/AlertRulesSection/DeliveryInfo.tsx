import type { RuleDeliveryView } from '@stagewatch/backstage-plugin-observability-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { RelativeTime } from '../AlertsSection/FiringAlerts';
import { isoSeconds } from './ruleFormat';

const methodText: Record<RuleDeliveryView['method'], string> = {
  files: 'rule file + reload',
  ruler: 'ruler API',
  none: 'export only (GitOps)',
};

const statusText: Record<RuleDeliveryView['status'], string> = {
  delivered: 'delivered',
  'not-delivered': 'not delivered',
  pending: 'not delivered yet',
  'export-only': 'export only',
};

const useStyles = makeStyles(theme => ({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'max-content minmax(0, 1fr)',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    alignItems: 'baseline',
  },
  value: { overflowWrap: 'anywhere', minWidth: 0 },
  delivered: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  'not-delivered': {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  pending: {},
  'export-only': {},
}));

/** Where the entity's rule group went: instance, method, location, when, and how it went. */
export const DeliveryInfo = ({
  delivery,
  now,
}: {
  delivery: RuleDeliveryView;
  now: number;
}) => {
  const classes = useStyles();
  const when = isoSeconds(delivery.deliveredAt);
  const row = (label: string, value: React.ReactNode) => (
    <>
      <Typography variant="body2" color="textSecondary">
        {label}
      </Typography>
      <Typography variant="body2" component="div" className={classes.value}>
        {value}
      </Typography>
    </>
  );
  return (
    <Box data-testid="rule-delivery">
      <Box className={classes.grid}>
        {row(
          'Status',
          <Chip
            size="small"
            label={statusText[delivery.status]}
            className={classes[delivery.status]}
            data-testid="delivery-status"
          />,
        )}
        {row('Instance', <code>{delivery.instance}</code>)}
        {row('Method', methodText[delivery.method])}
        {delivery.location && row('Location', <code>{delivery.location}</code>)}
        {row(
          'When',
          when !== undefined ? <RelativeTime time={when} now={now} /> : '—',
        )}
        {delivery.contentHash &&
          row(
            'Content',
            <code title={delivery.contentHash}>
              {delivery.contentHash.slice(0, 12)}
            </code>,
          )}
      </Box>
      {delivery.error && (
        <Box mt={1}>
          <Alert severity="error" data-testid="delivery-error">
            Last delivery failed: {delivery.error}
          </Alert>
        </Box>
      )}
      {delivery.status === 'export-only' && (
        <Box mt={1}>
          <Typography variant="caption" color="textSecondary">
            This instance gets no rules from the portal: put the rule file into
            the repository that configures Prometheus.
          </Typography>
        </Box>
      )}
    </Box>
  );
};
