import type { SloStatus } from '@internal/backstage-plugin-observability-common';
import {
  Gauge,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import CardHeader from '@material-ui/core/CardHeader';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { TimeSeriesChart } from '../TimeSeriesChart';
import {
  conditionRows,
  describeBudget,
  describeObjective,
  describeSli,
  formatBurn,
} from './describeSlo';

const AlertStateStatus = ({
  state,
}: {
  state: SloStatus['alert']['state'];
}) => {
  switch (state) {
    case 'page':
      return <StatusError>Page: fast burn</StatusError>;
    case 'ticket':
      return <StatusWarning>Ticket: slow burn</StatusWarning>;
    default:
      return <StatusOK>Within budget pace</StatusOK>;
  }
};

const percentOf = (share: number) =>
  `${Math.round(share * 1000) / 10}% of budget`;

/**
 * One SLO: objective and SLI, budget left as a gauge and in words, the four multi-window
 * burn-rate conditions with the one that trips highlighted, and the burn-down over the window.
 */
export const SloCard = ({ slo }: { slo: SloStatus }) => {
  const budget = slo.budgetRemaining;
  const rows = conditionRows(slo);
  const points = slo.burnDown;
  return (
    <Card data-testid={`slo-${slo.name}`}>
      <CardHeader
        title={`${slo.name}: ${describeObjective(slo)}`}
        subheader={describeSli(slo.sli)}
        action={
          <Box pt={1} pr={1}>
            <AlertStateStatus state={slo.alert.state} />
          </Box>
        }
      />
      <CardContent>
        <Grid container spacing={2}>
          <Grid item xs={12} md={3}>
            <Box maxWidth={180} mx="auto" aria-label="Error budget remaining">
              <Gauge
                value={budget === null ? 0 : Math.max(0, Math.min(1, budget))}
                fractional
                description="budget left"
              />
            </Box>
            <Typography
              variant="body2"
              align="center"
              data-testid="slo-budget-words"
            >
              {describeBudget(slo)}
            </Typography>
            <Typography
              variant="caption"
              color="textSecondary"
              component="p"
              align="center"
            >
              SLI over {slo.window}:{' '}
              {slo.sliValue === null
                ? 'no data'
                : `${(slo.sliValue * 100).toFixed(3)}%`}
            </Typography>
          </Grid>
          <Grid item xs={12} md={4}>
            <Table size="small" aria-label={`Burn rates of ${slo.name}`}>
              <TableHead>
                <TableRow>
                  <TableCell>Condition</TableCell>
                  <TableCell align="right">Long</TableCell>
                  <TableCell align="right">Short</TableCell>
                  <TableCell align="right">Above</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map(r => (
                  <TableRow
                    key={`${r.condition.longWindow}/${r.condition.shortWindow}`}
                    selected={r.trips}
                    data-trips={r.trips}
                  >
                    <TableCell>
                      <Typography variant="body2">
                        {r.condition.severity === 'page' ? 'Page' : 'Ticket'}
                        {r.trips ? ' (trips)' : ''}
                      </Typography>
                      <Typography variant="caption" color="textSecondary">
                        {percentOf(r.condition.budgetFraction)} in{' '}
                        {r.condition.longWindow}
                      </Typography>
                    </TableCell>
                    <TableCell align="right">
                      {r.condition.longWindow} {formatBurn(r.long)}
                    </TableCell>
                    <TableCell align="right">
                      {r.condition.shortWindow} {formatBurn(r.short)}
                    </TableCell>
                    <TableCell align="right">
                      {formatBurn(r.condition.factor)}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Grid>
          <Grid item xs={12} md={5}>
            <TimeSeriesChart
              title={`Budget remaining, rolling ${slo.window}`}
              unit="ratio"
              series={[{ name: 'budget left', points }]}
              from={points[0]?.[0] ?? 0}
              to={points[points.length - 1]?.[0] ?? 0}
              height={160}
            />
          </Grid>
        </Grid>
      </CardContent>
    </Card>
  );
};
