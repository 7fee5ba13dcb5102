import { useEffect, useState } from 'react';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { TracePreset } from './useTraceParams';

export interface TraceFilterValues {
  operation: string;
  /** Milliseconds, as typed. */
  minMs: string;
  maxMs: string;
  /** `key=value`, as typed. */
  attribute: string;
}

export const emptyFilters: TraceFilterValues = {
  operation: '',
  minMs: '',
  maxMs: '',
  attribute: '',
};

/** Presets (Recent, Slow, Errors) and the structured filters the backend accepts. */
export const TraceFilterBar = (props: {
  preset: TracePreset;
  onPreset: (preset: TracePreset) => void;
  operations: string[];
  filters: TraceFilterValues;
  onFilters: (filters: TraceFilterValues) => void;
  slowHint?: string;
}) => {
  const { preset, onPreset, operations, filters, onFilters, slowHint } = props;
  // Typed text is applied on Enter or when the field is left, not on every key.
  const [draft, setDraft] = useState(filters);
  useEffect(() => setDraft(filters), [filters]);
  const apply = () => onFilters(draft);
  const field = (
    key: keyof TraceFilterValues,
    label: string,
    width: number,
  ) => (
    <TextField
      size="small"
      variant="outlined"
      label={label}
      value={draft[key]}
      style={{ width }}
      inputProps={{ 'aria-label': label }}
      onChange={e => setDraft({ ...draft, [key]: e.target.value })}
      onBlur={apply}
      onKeyDown={e => {
        if (e.key === 'Enter') apply();
      }}
    />
  );
  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" style={{ gap: 12 }}>
      <ToggleButtonGroup
        size="small"
        exclusive
        value={preset}
        onChange={(_e, value) => value && onPreset(value)}
        aria-label="Trace preset"
      >
        <ToggleButton value="recent">Recent</ToggleButton>
        <ToggleButton value="slow" title={slowHint}>
          Slow
        </ToggleButton>
        <ToggleButton value="errors">Errors</ToggleButton>
      </ToggleButtonGroup>
      <TextField
        select
        size="small"
        variant="outlined"
        label="Operation"
        value={filters.operation}
        style={{ minWidth: 200 }}
        inputProps={{ 'aria-label': 'Operation' }}
        onChange={e => onFilters({ ...filters, operation: e.target.value })}
      >
        <MenuItem value="">Any operation</MenuItem>
        {operations.map(o => (
          <MenuItem key={o} value={o}>
            {o}
          </MenuItem>
        ))}
      </TextField>
      {field('minMs', 'Min duration (ms)', 170)}
      {field('maxMs', 'Max duration (ms)', 170)}
      {field('attribute', 'Attribute key=value', 240)}
    </Box>
  );
};
