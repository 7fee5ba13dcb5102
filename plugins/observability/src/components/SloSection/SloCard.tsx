import type { SloStatus } from '@stagewatch/backstage-plugin-observability-common';
import {
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import { windowSeconds } from '@stagewatch/backstage-plugin-observability-common';
import CircularProgress from '@material-ui/core/CircularProgress';
import { makeStyles, useTheme } from '@material-ui/core/styles';
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
  describeCoverage,
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

const useStyles = makeStyles(theme => ({
  nowrap: { whiteSpace: 'nowrap' },
  // Not MUI's `selected`: Backstage stripes table rows, which would hide it on odd rows.
  trips: {
    boxShadow: `inset 4px 0 0 ${theme.palette.error.main}`,
    '& td, & td p': { color: theme.palette.error.main, fontWeight: 500 },
  },
  // A budget from a sliver of the window swings wildly; say so as loudly as a warning chip.
  shortCoverage: {
    display: 'inline-block',
    marginTop: theme.spacing(0.5),
    padding: theme.spacing(0.25, 1),
    borderRadius: theme.shape.borderRadius,
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
    fontWeight: 500,
  },
}));

/** Budget left as a ring: green while most of it is left, amber under half, red under a fifth. */
const BudgetGauge = ({ remaining }: { remaining: number | null }) => {
  const theme = useTheme();
  const shown = remaining === null ? 0 : Math.max(0, Math.min(1, remaining));
  let color = theme.palette.success.main;
  if (remaining === null) color = theme.palette.text.disabled;
  else if (remaining < 0.2) color = theme.palette.error.main;
  else if (remaining < 0.5) color = theme.palette.warning.main;
  const label = remaining === null ? '—' : `${Math.round(remaining * 100)}%`;
  return (
    <Box
      position="relative"
      display="flex"
      justifyContent="center"
      mb={1}
      role="img"
      aria-label={`Error budget left: ${label}`}
    >
      <CircularProgress
        variant="determinate"
        value={100}
        size={112}
        thickness={5}
        style={{ color: theme.palette.action.hover, position: 'absolute' }}
      />
      <CircularProgress
        variant="determinate"
        value={shown * 100}
        size={112}
        thickness={5}
        style={{ color }}
      />
      <Box
        position="absolute"
        top={0}
        bottom={0}
        display="flex"
        flexDirection="column"
        alignItems="center"
        justifyContent="center"
      >
        <Typography variant="h6" component="span">
          {label}
        </Typography>
        <Typography variant="caption" color="textSecondary" component="span">
          budget left
        </Typography>
      </Box>
    </Box>
  );
};

const percentOf = (share: number) =>
  `${Math.round(share * 1000) / 10}% of budget`;

/**
 * One SLO: objective and SLI, budget left as a gauge and in words, the four multi-window
 * burn-rate conditions with the one that trips highlighted, and the burn-down over the window.
 */
export const SloCard = ({ slo, time }: { slo: SloStatus; time: number }) => {
  const classes = useStyles();
  const budget = slo.budgetRemaining;
  const rows = conditionRows(slo);
  const points = slo.burnDown;
  const coverage = describeCoverage(slo.coverage);
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
          <Grid item xs={12} sm={4} md={2}>
            <BudgetGauge remaining={budget} />
            <Typography
              variant="body2"
              align="center"
              data-testid="slo-budget-words"
            >
              {describeBudget(slo)}
            </Typography>
            {coverage && (
              <Typography
                variant="caption"
                color={coverage.short ? 'textPrimary' : 'textSecondary'}
                component="p"
                align="center"
                data-testid="slo-coverage"
                data-short={coverage.short}
              >
                <span
                  className={coverage.short ? classes.shortCoverage : undefined}
                  title={
                    coverage.short
                      ? 'The budget is computed from the data there is: with so little of the window it can swing widely'
                      : undefined
                  }
                >
                  {coverage.text}
                </span>
              </Typography>
            )}
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
          <Grid item xs={12} sm={8} md={5}>
            <Table size="small" aria-label={`Burn rates of ${slo.name}`}>
              <TableHead>
                <TableRow>
                  <TableCell>Condition</TableCell>
                  <TableCell align="right">Long window</TableCell>
                  <TableCell align="right">Short window</TableCell>
                  <TableCell align="right">Trips above</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map(r => (
                  <TableRow
                    key={`${r.condition.longWindow}/${r.condition.shortWindow}`}
                    className={r.trips ? classes.trips : undefined}
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
                    <TableCell align="right" className={classes.nowrap}>
                      {r.condition.longWindow} {formatBurn(r.long)}
                    </TableCell>
                    <TableCell align="right" className={classes.nowrap}>
                      {r.condition.shortWindow} {formatBurn(r.short)}
                    </TableCell>
                    <TableCell align="right" className={classes.nowrap}>
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
              from={time - windowSeconds[slo.window]}
              to={time}
              height={160}
            />
          </Grid>
        </Grid>
      </CardContent>
    </Card>
  );
};
