import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  RefreshInterval,
  refreshIntervals,
  RelativeRange,
  relativeRanges,
  TimeRangeState,
} from '../../hooks/timeRange';

const rangeLabels: Record<RelativeRange, string> = {
  '15m': 'Last 15 minutes',
  '1h': 'Last hour',
  '6h': 'Last 6 hours',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
};

const formatTime = (seconds: number) =>
  new Date(seconds * 1000).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });

/** The tab's header controls: time range (custom after a zoom) and auto-refresh. */
export const TimeRangeControls = ({
  value,
  onChange,
}: {
  value: TimeRangeState;
  onChange: (next: TimeRangeState) => void;
}) => {
  const rangeValue = value.kind === 'relative' ? value.range : 'custom';
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 16 }}>
      <FormControl variant="outlined" size="small" style={{ minWidth: 200 }}>
        <InputLabel id="observability-range-label">Time range</InputLabel>
        <Select
          labelId="observability-range-label"
          label="Time range"
          value={rangeValue}
          onChange={e => {
            const next = e.target.value as RelativeRange | 'custom';
            if (next !== 'custom')
              onChange({
                kind: 'relative',
                range: next,
                refresh: value.refresh,
              });
          }}
        >
          {(Object.keys(relativeRanges) as RelativeRange[]).map(r => (
            <MenuItem key={r} value={r}>
              {rangeLabels[r]}
            </MenuItem>
          ))}
          <MenuItem value="custom" disabled={value.kind !== 'absolute'}>
            Custom (drag on a chart)
          </MenuItem>
        </Select>
      </FormControl>
      <FormControl variant="outlined" size="small" style={{ minWidth: 140 }}>
        <InputLabel id="observability-refresh-label">Auto-refresh</InputLabel>
        <Select
          labelId="observability-refresh-label"
          label="Auto-refresh"
          value={value.refresh}
          onChange={e =>
            onChange({ ...value, refresh: e.target.value as RefreshInterval })
          }
        >
          {(Object.keys(refreshIntervals) as RefreshInterval[]).map(r => (
            <MenuItem key={r} value={r}>
              {r === 'off' ? 'Off' : `Every ${r}`}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      {value.kind === 'absolute' && (
        <Typography
          variant="body2"
          color="textSecondary"
          data-testid="observability-custom-range"
        >
          {formatTime(value.from)} – {formatTime(value.to)}
        </Typography>
      )}
    </Box>
  );
};
