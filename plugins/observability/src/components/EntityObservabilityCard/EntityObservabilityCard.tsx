import { useMemo } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { InfoCard, Progress } from '@backstage/core-components';
import type { SignalName } from '@stagewatch/backstage-plugin-observability-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { observabilityApiRef } from '../../api';
import { formatValue } from '../TimeSeriesChart/formatValue';
import { VerdictStatus } from '../VerdictStatus';
import { errorMessage } from '../errorMessage';
import { FiringAlertsLine } from './FiringAlertsLine';
import { Sparkline } from './Sparkline';

const headline: Array<{
  name: SignalName;
  key: 'requestRate' | 'errorRatio' | 'latencyP99';
  label: string;
  unit: 'reqps' | 'ratio' | 'seconds';
}> = [
  { name: 'requestRate', key: 'requestRate', label: 'Requests', unit: 'reqps' },
  { name: 'errorRatio', key: 'errorRatio', label: 'Errors', unit: 'ratio' },
  { name: 'latencyP99', key: 'latencyP99', label: 'p99', unit: 'seconds' },
];

/** The Overview tab's card: the verdict, alerts firing, three headline numbers and their last hour. */
export const EntityObservabilityCard = () => {
  const { entity } = useEntity();
  const api = useApi(observabilityApiRef);
  const ref = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const data = useAsync(async () => {
    const to = Math.floor(Date.now() / 1000);
    const [summary, signals] = await Promise.all([
      api.getSummary(ref),
      api.getSignals(ref, { from: to - 3600, to, step: 60 }),
    ]);
    return { summary, signals };
  }, [api, ref]);

  return (
    <InfoCard
      title="Service health"
      deepLink={{ title: 'Observability', link: 'observability' }}
    >
      {data.loading && <Progress />}
      {data.error && <Alert severity="error">{errorMessage(data.error)}</Alert>}
      {data.value && (
        <Box>
          <Typography variant="h6" component="div">
            <VerdictStatus verdict={data.value.summary.health.verdict} />
          </Typography>
          {data.value.summary.health.reasons[0] && (
            <Typography variant="body2" color="textSecondary">
              {data.value.summary.health.reasons[0].message}
            </Typography>
          )}
          {data.value.summary.firingAlerts && (
            <FiringAlertsLine count={data.value.summary.firingAlerts} />
          )}
          <Grid container spacing={2} style={{ marginTop: 8 }}>
            {headline.map(h => {
              const value = data.value!.summary.values[h.key];
              const points =
                data.value!.signals.signals.find(s => s.name === h.name)
                  ?.series[0]?.points ?? [];
              return (
                <Grid item xs={4} key={h.key}>
                  <Typography variant="body2" color="textSecondary">
                    {h.label}
                  </Typography>
                  <Typography variant="h6" component="div">
                    {value === null ? '—' : formatValue(value, h.unit)}
                  </Typography>
                  <Sparkline points={points} label={`${h.label}, last hour`} />
                </Grid>
              );
            })}
          </Grid>
        </Box>
      )}
    </InfoCard>
  );
};
