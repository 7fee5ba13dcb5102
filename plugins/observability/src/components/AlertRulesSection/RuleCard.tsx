import type {
  EntityRuleView,
  RuleLiveState,
} from '@stagewatch/backstage-plugin-observability-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Link from '@material-ui/core/Link';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { ExternalLink } from '../ExternalLink';
import { RelativeTime } from '../AlertsSection/FiringAlerts';
import { SeverityChip } from '../AlertsSection/SeverityChip';
import { ALERTS_SECTION_ID } from '../AlertsSection/alertFormat';
import { formatParams, isoSeconds } from './ruleFormat';

const useStyles = makeStyles(theme => ({
  rule: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(1.5, 2),
    minWidth: 0,
  },
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  name: {
    fontWeight: 600,
    overflowWrap: 'anywhere',
  },
  expr: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    wordBreak: 'break-word',
    margin: theme.spacing(1, 0),
    padding: theme.spacing(1),
    background: theme.palette.background.default,
    borderRadius: theme.shape.borderRadius,
    maxWidth: '100%',
  },
  firing: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  pending: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  inactive: {},
  ok: {
    borderColor: theme.palette.success.main,
    color: theme.palette.success.main,
  },
  err: {
    borderColor: theme.palette.error.main,
    color: theme.palette.error.main,
  },
  unknown: {},
  meta: {
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
  },
}));

const LiveChips = ({
  live,
  type,
  now,
}: {
  live?: RuleLiveState;
  type: EntityRuleView['type'];
  now: number;
}) => {
  const classes = useStyles();
  if (!live) {
    return (
      <Tooltip title="The backend has not read this rule back from Prometheus yet">
        <Chip size="small" variant="outlined" label="live state unknown" />
      </Tooltip>
    );
  }
  const checked = isoSeconds(live.checkedAt);
  const evaluated = isoSeconds(live.lastEvaluation);
  return (
    <>
      {live.loaded ? (
        <Tooltip
          title={
            checked
              ? `Prometheus runs this rule (checked ${new Date(
                  checked * 1000,
                ).toLocaleString()})`
              : 'Prometheus runs this rule'
          }
        >
          <Chip
            size="small"
            variant="outlined"
            label="loaded"
            data-testid="rule-loaded"
          />
        </Tooltip>
      ) : (
        <Tooltip title="Delivered is not loaded: Prometheus does not list this rule in its rule groups">
          <Chip
            size="small"
            variant="outlined"
            className={classes.err}
            label="not loaded"
            data-testid="rule-loaded"
          />
        </Tooltip>
      )}
      {type === 'alerting' && live.state && (
        <Chip
          size="small"
          label={live.state}
          className={classes[live.state]}
          data-testid="rule-state"
          data-state={live.state}
        />
      )}
      {live.health && (
        <Chip
          size="small"
          variant="outlined"
          label={`health ${live.health}`}
          className={classes[live.health]}
          data-testid="rule-health"
        />
      )}
      {evaluated !== undefined && (
        <Typography variant="caption" color="textSecondary">
          evaluated <RelativeTime time={evaluated} now={now} />
        </Typography>
      )}
    </>
  );
};

const scrollToAlerts = () =>
  document
    .getElementById(ALERTS_SECTION_ID)
    ?.scrollIntoView({ behavior: 'smooth', block: 'start' });

/** One rendered rule: what Prometheus says about it, where it comes from and what it runs. */
export const RuleCard = ({
  rule,
  now,
}: {
  rule: EntityRuleView;
  now: number;
}) => {
  const classes = useStyles();
  const params = formatParams(rule.params);
  return (
    <Box className={classes.rule} data-testid={`alert-rule-${rule.name}`}>
      <Box className={classes.chips}>
        <Typography variant="subtitle1" component="h3" className={classes.name}>
          {rule.name}
        </Typography>
        {rule.type === 'recording' && (
          <Chip size="small" variant="outlined" label="recording rule" />
        )}
        {rule.severity && <SeverityChip severity={rule.severity} />}
        <LiveChips live={rule.live} type={rule.type} now={now} />
        {rule.live?.state === 'firing' && (
          <Link
            component="button"
            variant="body2"
            onClick={scrollToAlerts}
            data-testid="rule-firing-link"
          >
            See its alerts
          </Link>
        )}
      </Box>
      {rule.live?.lastError && (
        <Box mt={1}>
          <Alert severity="error" data-testid="rule-last-error">
            Last evaluation failed: {rule.live.lastError}
          </Alert>
        </Box>
      )}
      <pre className={classes.expr} data-testid="rule-expr">
        {rule.expr}
      </pre>
      <Box className={classes.meta}>
        <Typography variant="body2">
          Template <code>{rule.template}</code> v{rule.templateVersion}
        </Typography>
        {rule.for && (
          <Typography variant="body2">
            for <code>{rule.for}</code>
          </Typography>
        )}
        {params.length > 0 && (
          <Typography
            variant="body2"
            data-testid="rule-params"
            style={{ overflowWrap: 'anywhere' }}
          >
            {params.map((p, i) => (
              <span key={p}>
                {i > 0 && ' · '}
                <code>{p}</code>
              </span>
            ))}
          </Typography>
        )}
        {rule.runbookUrl && (
          <Typography variant="body2" style={{ overflowWrap: 'anywhere' }}>
            <ExternalLink url={rule.runbookUrl}>Runbook</ExternalLink>
          </Typography>
        )}
      </Box>
    </Box>
  );
};
