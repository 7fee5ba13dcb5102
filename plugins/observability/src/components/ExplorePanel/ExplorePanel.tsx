import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { CodeSnippet, InfoCard } from '@backstage/core-components';
import type {
  EntityScope,
  QueryResponse,
} from '@stagewatch/backstage-plugin-observability-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { observabilityApiRef } from '../../api';
import { TimeSeriesChart } from '../TimeSeriesChart';
import { errorMessage } from '../errorMessage';
import { fillGaps } from '../GoldenSignals/fillGaps';
import { seriesName } from '../GoldenSignals/GoldenSignals';

export interface ExplorePanelProps {
  entity: CompoundEntityRef;
  scope?: EntityScope;
  from: number;
  to: number;
  step: number;
  onZoom: (range: { from: number; to: number }) => void;
}

/**
 * Type PromQL and see it charted, limited to the entity: the backend adds the entity's matchers
 * to every selector and rejects queries for other services, with its message shown inline.
 */
export const ExplorePanel = ({
  entity,
  scope,
  from,
  to,
  step,
  onZoom,
}: ExplorePanelProps) => {
  const api = useApi(observabilityApiRef);
  const [query, setQuery] = useState(
    'sum by (route) (rate(http_requests_total[$__rate_interval]))',
  );
  const [result, setResult] = useState<QueryResponse>();
  const [error, setError] = useState<string>();
  const [running, setRunning] = useState(false);

  const run = async () => {
    setRunning(true);
    setError(undefined);
    try {
      setResult(await api.query(entity, { query, from, to, step }));
    } catch (e) {
      setResult(undefined);
      setError(errorMessage(e));
    } finally {
      setRunning(false);
    }
  };

  return (
    <InfoCard
      title="Explore"
      subheader="Your own PromQL, limited to this entity's series"
    >
      <Typography variant="body2" color="textSecondary" component="div">
        Scope added to every selector:
      </Typography>
      <CodeSnippet text={scope?.selector ?? '…'} language="promql" />
      <Box
        component="form"
        display="flex"
        alignItems="flex-start"
        mt={2}
        style={{ gap: 8 }}
        onSubmit={(e: React.FormEvent) => {
          e.preventDefault();
          run();
        }}
      >
        <TextField
          label="PromQL"
          value={query}
          onChange={e => setQuery(e.target.value)}
          variant="outlined"
          size="small"
          fullWidth
          multiline
          minRows={1}
          maxRows={6}
          inputProps={{
            'aria-label': 'PromQL query',
            spellCheck: false,
            style: { fontFamily: 'monospace' },
          }}
          onKeyDown={e => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              run();
            }
          }}
        />
        <Button
          type="submit"
          variant="contained"
          color="primary"
          disabled={running || !query.trim()}
        >
          Run
        </Button>
      </Box>
      {error && (
        <Box mt={2}>
          <Alert severity="error" data-testid="explore-error">
            {error}
          </Alert>
        </Box>
      )}
      {result && (
        <Box mt={2}>
          <Typography variant="body2" color="textSecondary" component="div">
            Sent upstream:
          </Typography>
          <CodeSnippet text={result.scopedQuery} language="promql" />
          <Box mt={2}>
            <TimeSeriesChart
              title="Result"
              unit="count"
              from={result.range?.from ?? from}
              to={result.range?.to ?? to}
              onZoom={onZoom}
              series={result.series.map((s, i) => ({
                name: seriesName(s, `series ${i + 1}`),
                points: result.range
                  ? fillGaps(s.points, result.range)
                  : s.points,
              }))}
            />
          </Box>
        </Box>
      )}
    </InfoCard>
  );
};
