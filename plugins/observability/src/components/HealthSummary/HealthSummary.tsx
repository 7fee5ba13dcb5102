import type { SummaryResponse } from '@stagewatch/backstage-plugin-observability-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { formatValue } from '../TimeSeriesChart/formatValue';
import { VerdictStatus } from '../VerdictStatus';

const useStyles = makeStyles(theme => ({
  value: {
    fontSize: '1.35rem',
    fontWeight: theme.typography.fontWeightBold as number,
    whiteSpace: 'nowrap',
  },
  label: { color: theme.palette.text.secondary },
  reasons: { margin: theme.spacing(1, 0, 0), paddingLeft: theme.spacing(2.5) },
}));

const dash = '—';

/** The verdict with its reasons and the headline numbers of a summary. */
export const HealthSummary = ({
  summary,
  compact,
}: {
  summary: SummaryResponse;
  compact?: boolean;
}) => {
  const classes = useStyles();
  const { values, health } = summary;
  const numbers = [
    {
      label: 'Request rate',
      value: values.requestRate,
      unit: 'reqps' as const,
    },
    { label: 'Error ratio', value: values.errorRatio, unit: 'ratio' as const },
    {
      label: 'p99 latency',
      value: values.latencyP99,
      unit: 'seconds' as const,
    },
    ...(compact
      ? []
      : [
          {
            label: 'Saturation',
            value: values.saturation,
            unit: summary.saturationUnit,
          },
          {
            label: 'Targets up',
            value: values.liveness,
            unit: 'ratio' as const,
          },
        ]),
  ];
  return (
    <Box>
      <Typography
        variant="h6"
        component="div"
        data-testid="observability-verdict"
      >
        <VerdictStatus verdict={health.verdict} />
      </Typography>
      {health.reasons.length > 0 && (
        <ul className={classes.reasons} aria-label="Reasons">
          {health.reasons.map(reason => (
            <li key={`${reason.signal}-${reason.message}`}>
              <Typography variant="body2">{reason.message}</Typography>
            </li>
          ))}
        </ul>
      )}
      <Grid container spacing={2} style={{ marginTop: 8 }}>
        {numbers.map(n => (
          <Grid item xs={6} sm={compact ? 4 : 6} key={n.label}>
            <Typography variant="body2" className={classes.label}>
              {n.label}
            </Typography>
            <Typography
              className={classes.value}
              data-testid={`summary-${n.label}`}
            >
              {n.value === null ? dash : formatValue(n.value, n.unit)}
            </Typography>
          </Grid>
        ))}
      </Grid>
    </Box>
  );
};
