import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  CodeSnippet,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import {
  ANNOTATION_PROMETHEUS_SELECTOR,
  getPrometheusSelectorAnnotation,
} from '@internal/backstage-plugin-observability-common';
import { observabilityApiRef } from '../../api';

/**
 * The Observability tab of an entity page. It shows the series the entity is scoped to and
 * whether the observability backend answers; the golden-signal charts, health and SLO sections
 * land here as the backend grows them.
 */
export const EntityObservabilityContent = () => {
  const { entity } = useEntity();
  const api = useApi(observabilityApiRef);
  const health = useAsync(() => api.getHealth(), [api]);
  const selector = getPrometheusSelectorAnnotation(entity) ?? '';

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <InfoCard title="Metrics scope">
          <Typography variant="body2" paragraph>
            Every query for {entity.metadata.title ?? entity.metadata.name} is
            limited to the series matched by its{' '}
            <code>{ANNOTATION_PROMETHEUS_SELECTOR}</code> annotation:
          </Typography>
          <CodeSnippet text={selector} language="promql" />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Observability backend">
          {health.loading && <Progress />}
          {health.error && <ResponseErrorPanel error={health.error} />}
          {health.value && (
            <Typography
              variant="body2"
              data-testid="observability-backend-status"
            >
              The observability backend is{' '}
              {health.value.status === 'ok' ? 'up' : 'not ready'}.
            </Typography>
          )}
        </InfoCard>
      </Grid>
    </Grid>
  );
};
