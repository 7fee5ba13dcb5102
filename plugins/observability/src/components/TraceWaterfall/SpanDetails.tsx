import type { TraceSpan } from '@stagewatch/backstage-plugin-observability-common';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import CloseIcon from '@material-ui/icons/Close';
import { ExternalLink } from '../ExternalLink';
import { formatDurationUs } from '../TracesSection/traceFormat';

const KeyValues = (props: {
  title: string;
  values: Record<string, string>;
}) => {
  const entries = Object.entries(props.values).sort(([a], [b]) =>
    a.localeCompare(b),
  );
  return (
    <Box mt={2}>
      <Typography variant="subtitle2">{props.title}</Typography>
      {entries.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          none
        </Typography>
      ) : (
        <Table size="small" aria-label={props.title}>
          <TableBody>
            {entries.map(([k, v]) => (
              <TableRow key={k}>
                <TableCell style={{ width: '40%', wordBreak: 'break-all' }}>
                  {k}
                </TableCell>
                <TableCell style={{ wordBreak: 'break-all' }}>{v}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
};

/** Everything the trace backend said about one span. All of it is text: none of it is markup. */
export const SpanDetails = (props: {
  span: TraceSpan;
  traceStartUs: number;
  onCriticalPath: boolean;
  logsUrl?: string;
  onClose: () => void;
}) => {
  const { span, traceStartUs, onCriticalPath, logsUrl, onClose } = props;
  return (
    <Box data-testid="span-details" p={2}>
      <Box display="flex" alignItems="flex-start">
        <Box flex={1}>
          <Typography variant="subtitle1" style={{ wordBreak: 'break-all' }}>
            {span.name}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            {span.service} · {span.kind} · {formatDurationUs(span.durationUs)}{' '}
            at +{formatDurationUs(span.startUs - traceStartUs)}
          </Typography>
        </Box>
        <IconButton
          size="small"
          aria-label="Close span details"
          onClick={onClose}
        >
          <CloseIcon fontSize="small" />
        </IconButton>
      </Box>
      <Typography
        variant="body2"
        data-testid="span-status"
        style={{ color: span.status === 'error' ? '#d32f2f' : undefined }}
      >
        Status {span.status}
        {span.statusMessage ? `: ${span.statusMessage}` : ''}
        {onCriticalPath ? ' · on the critical path' : ''}
      </Typography>
      <Typography variant="caption" color="textSecondary" component="p">
        span {span.spanId}
        {span.parentSpanId ? ` · parent ${span.parentSpanId}` : ''}
      </Typography>
      {logsUrl && (
        <Typography variant="body2">
          <ExternalLink url={logsUrl}>Logs for this span</ExternalLink>
        </Typography>
      )}
      <KeyValues title="Attributes" values={span.attributes} />
      <KeyValues title="Resource" values={span.resource} />
      <Box mt={2}>
        <Typography variant="subtitle2">Events</Typography>
        {span.events.length === 0 && (
          <Typography variant="body2" color="textSecondary">
            none
          </Typography>
        )}
        {span.events.map((e, i) => (
          <Box key={`${e.timeUs}-${i}`} mb={1}>
            <Typography variant="body2">
              +{formatDurationUs(e.timeUs - span.startUs)} {e.name}
            </Typography>
            {Object.entries(e.attributes).map(([k, v]) => (
              <Typography
                key={k}
                variant="caption"
                component="p"
                color="textSecondary"
                style={{ wordBreak: 'break-all' }}
              >
                {k}: {v}
              </Typography>
            ))}
          </Box>
        ))}
      </Box>
      <Box mt={2}>
        <Typography variant="subtitle2">Links</Typography>
        {span.links.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            none
          </Typography>
        ) : (
          span.links.map(l => (
            <Typography
              key={`${l.traceId}-${l.spanId}`}
              variant="caption"
              component="p"
            >
              trace {l.traceId} · span {l.spanId}
            </Typography>
          ))
        )}
      </Box>
    </Box>
  );
};
