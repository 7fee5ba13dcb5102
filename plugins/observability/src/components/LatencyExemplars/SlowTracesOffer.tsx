import type { SignalsResponse } from '@stagewatch/backstage-plugin-observability-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { formatDurationUs } from '../TracesSection/traceFormat';

/** The window's typical p95 in seconds: the mean of its points, or undefined without data. */
export function windowP95Seconds(
  signals: SignalsResponse | undefined,
): number | undefined {
  const p95 = signals?.signals.find(s => s.name === 'latencyP95');
  const values = (p95?.series ?? [])
    .flatMap(s => s.points.map(([, v]) => v))
    .filter((v): v is number => v !== null && Number.isFinite(v) && v > 0);
  if (values.length === 0) return undefined;
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Under the latency chart: how to use the exemplar dots, and once a range was selected on the
 * chart, "traces slower than X in this window" (X the window's p95), which opens the list so.
 */
export const SlowTracesOffer = (props: {
  signals?: SignalsResponse;
  zoomed: boolean;
  hasTraces: boolean;
  exemplarCount: number;
  warnings: string[];
  onOpen: (minMs: number) => void;
}) => {
  if (!props.hasTraces) return null;
  const p95 = props.zoomed ? windowP95Seconds(props.signals) : undefined;
  let hint = 'Select a range on the chart to find its slow traces.';
  if (props.exemplarCount > 0) {
    hint = `${props.exemplarCount} exemplar${
      props.exemplarCount === 1 ? '' : 's'
    }: click a dot to open its trace. ${hint}`;
  }
  return (
    <Box
      mt={1}
      display="flex"
      alignItems="center"
      flexWrap="wrap"
      style={{ gap: 8 }}
    >
      <Typography
        variant="caption"
        color="textSecondary"
        data-testid="exemplar-hint"
        style={{ flex: 1 }}
      >
        {props.exemplarCount > 0 ? hint : props.warnings[0] ?? hint}
      </Typography>
      {p95 !== undefined && (
        <Button
          size="small"
          variant="outlined"
          color="primary"
          onClick={() => props.onOpen(Math.round(p95 * 1000))}
        >
          Traces slower than {formatDurationUs(p95 * 1e6)} in this window
        </Button>
      )}
    </Box>
  );
};
