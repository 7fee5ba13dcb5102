import type { AlertStatsResponse } from '@stagewatch/backstage-plugin-observability-common';
import Grid from '@material-ui/core/Grid';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { formatDuration } from './alertFormat';

/** Mean times to acknowledge and to resolve over the range, and how many alerts got there. */
export const AlertStats = ({ stats }: { stats: AlertStatsResponse }) => {
  const figures = [
    {
      label: 'MTTA',
      value: formatDuration(stats.mttaSeconds),
      hint: 'Mean time from firing to the first acknowledgement, over acknowledged alerts',
    },
    {
      label: 'MTTR',
      value: formatDuration(stats.mttrSeconds),
      hint: 'Mean time from firing to resolution, over resolved alerts',
    },
    { label: 'Fired', value: String(stats.count) },
    { label: 'Acknowledged', value: String(stats.acknowledged) },
    { label: 'Resolved', value: String(stats.resolved) },
    { label: 'Firing', value: String(stats.firing) },
  ];
  return (
    <Grid container spacing={2} role="group" aria-label="Alert statistics">
      {figures.map(f => (
        <Grid item xs={4} sm={2} key={f.label}>
          <Tooltip title={f.hint ?? ''}>
            <Typography variant="body2" color="textSecondary">
              {f.label}
            </Typography>
          </Tooltip>
          <Typography
            variant="h6"
            component="div"
            data-testid={`alert-stat-${f.label}`}
          >
            {f.value}
          </Typography>
        </Grid>
      ))}
    </Grid>
  );
};
