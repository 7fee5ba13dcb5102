import { useMemo } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { CodeSnippet, InfoCard, Progress } from '@backstage/core-components';
import { ANNOTATION_SLOS } from '@stagewatch/backstage-plugin-observability-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { observabilityApiRef } from '../../api';
import { errorMessage } from '../errorMessage';
import { SloCard } from './SloCard';
import { SLO_SNIPPET } from './describeSlo';

/** Shown when the entity declares no SLO: what to paste into catalog-info.yaml. */
export const SloSuggestion = () => (
  <InfoCard title="Service level objectives">
    <Typography variant="body2" paragraph>
      This entity declares no SLO. Add the <code>{ANNOTATION_SLOS}</code>{' '}
      annotation to its <code>catalog-info.yaml</code> to track an error budget
      and its burn rate here, from the same metrics as the charts above:
    </Typography>
    <CodeSnippet text={SLO_SNIPPET} language="yaml" showCopyCodeButton />
    <Typography variant="caption" color="textSecondary" component="p">
      Windows: 7d, 28d or 30d (default 30d). A latency threshold must be a
      bucket boundary of the service's histogram. Prometheus rules for these
      SLOs are served at <code>…/slos/rules</code>.
    </Typography>
  </InfoCard>
);

/**
 * The SLO section of the tab: one card per SLO, or a suggestion when the entity has none.
 * `refreshKey` changes on every auto-refresh tick.
 */
export const SloSection = (props: {
  entityRef: CompoundEntityRef;
  annotation?: string;
  refreshKey?: unknown;
}) => {
  const { entityRef, annotation, refreshKey } = props;
  const api = useApi(observabilityApiRef);
  const declared = Boolean(annotation?.trim());
  const slos = useAsync(
    async () => (declared ? api.getSlos(entityRef) : undefined),
    [api, entityRef, declared, annotation, refreshKey],
  );
  const warnings = useMemo(() => slos.value?.warnings ?? [], [slos.value]);

  if (!declared) return <SloSuggestion />;
  return (
    <Box data-testid="slo-section">
      <Typography variant="h5" component="h2" gutterBottom>
        Service level objectives
      </Typography>
      {slos.loading && !slos.value && <Progress />}
      {slos.error && <Alert severity="error">{errorMessage(slos.error)}</Alert>}
      {warnings.map(w => (
        <Box mb={1} key={w}>
          <Alert severity="warning">{w}</Alert>
        </Box>
      ))}
      {slos.value?.slos.map(slo => (
        <Box mb={2} key={slo.name}>
          <SloCard slo={slo} time={slos.value!.time} />
        </Box>
      ))}
    </Box>
  );
};
