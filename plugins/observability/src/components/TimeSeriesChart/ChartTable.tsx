import type uPlot from 'uplot';
import type { SignalUnit } from '@stagewatch/backstage-plugin-observability-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { formatTime, formatValue } from './formatValue';

/** The table shows at most this many rows: the most recent ones. */
export const MAX_TABLE_ROWS = 200;

export interface ChartTableProps {
  title: string;
  unit: SignalUnit;
  seriesNames: string[];
  /** Aligned columns, as given to uPlot. */
  data: uPlot.AlignedData;
  maxHeight?: number;
}

/** The accessible alternative to the canvas: one row per timestamp, one column per series. */
export const ChartTable = (props: ChartTableProps) => {
  const { title, unit, seriesNames, data, maxHeight = 400 } = props;
  const x = data[0] ?? [];
  const total = x.length;
  const start = Math.max(0, total - MAX_TABLE_ROWS);
  const rows: number[] = [];
  for (let i = start; i < total; i++) rows.push(i);

  return (
    <>
      {total > MAX_TABLE_ROWS && (
        <Typography variant="caption" color="textSecondary" component="p">
          Showing the last {MAX_TABLE_ROWS} of {total} rows.
        </Typography>
      )}
      <TableContainer style={{ maxHeight }}>
        <Table size="small" stickyHeader aria-label={`${title} data table`}>
          <TableHead>
            <TableRow>
              <TableCell component="th" scope="col">
                Time
              </TableCell>
              {seriesNames.map((name, s) => (
                <TableCell key={s} component="th" scope="col" align="right">
                  {name}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(i => (
              <TableRow key={i}>
                <TableCell component="th" scope="row">
                  {formatTime(Number(x[i]))}
                </TableCell>
                {seriesNames.map((_name, s) => (
                  <TableCell key={s} align="right">
                    {formatValue(data[s + 1]?.[i], unit)}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </>
  );
};
