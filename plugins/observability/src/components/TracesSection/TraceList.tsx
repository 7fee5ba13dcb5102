import { TraceSummary } from '@stagewatch/backstage-plugin-observability-common';
import Chip from '@material-ui/core/Chip';
import Link from '@material-ui/core/Link';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { formatDurationUs, formatStartUs } from './traceFormat';

/** The traces of the list: root operation, start, duration, spans, errors, services. */
export const TraceList = (props: {
  traces: TraceSummary[];
  selectedTraceId?: string;
  onOpen: (traceId: string) => void;
}) => {
  const { traces, selectedTraceId, onOpen } = props;
  return (
    <Table size="small" data-testid="trace-list">
      <TableHead>
        <TableRow>
          <TableCell>Root operation</TableCell>
          <TableCell>Start</TableCell>
          <TableCell align="right">Duration</TableCell>
          <TableCell align="right">Spans</TableCell>
          <TableCell align="right">Errors</TableCell>
          <TableCell>Services</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {traces.map(t => (
          <TableRow
            key={t.traceId}
            hover
            selected={t.traceId === selectedTraceId}
            data-testid="trace-row"
          >
            <TableCell>
              <Link
                component="button"
                variant="body2"
                onClick={() => onOpen(t.traceId)}
                title={`Trace ${t.traceId}`}
              >
                {t.rootService ? `${t.rootService}: ` : ''}
                {t.rootOperation || '(root span missing)'}
              </Link>
            </TableCell>
            <TableCell>{formatStartUs(t.startUs)}</TableCell>
            <TableCell align="right">
              {formatDurationUs(t.durationUs)}
            </TableCell>
            <TableCell align="right">{t.spanCount}</TableCell>
            <TableCell align="right">
              {t.errorCount > 0 ? (
                <Chip
                  size="small"
                  label={t.errorCount}
                  style={{ background: '#d32f2f', color: '#fff' }}
                />
              ) : (
                0
              )}
            </TableCell>
            <TableCell>{t.services.join(', ')}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
