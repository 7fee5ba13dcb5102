import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { useObservabilityRoute } from '../../hooks/useObservabilityRoute';
import {
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import { InfoCard, Link, Progress } from '@backstage/core-components';
import {
  ANNOTATION_ALERT_RULES,
  type EntityAlertRulesResponse,
} from '@stagewatch/backstage-plugin-observability-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { observabilityApiRef } from '../../api';
import { errorMessage } from '../errorMessage';
import { DeliveryInfo } from './DeliveryInfo';
import { PreviewChangePanel } from './PreviewChangePanel';
import { RenderedYaml } from './RenderedYaml';
import { RuleList } from './RuleList';
import { RuleValidationResult } from './RuleValidationResult';

/** Delivered is not loaded: every rule was read back and Prometheus lists none of them. */
const noneLoaded = (value: EntityAlertRulesResponse) =>
  value.delivery.status === 'delivered' &&
  value.rules.length > 0 &&
  value.rules.every(rule => rule.live && !rule.live.loaded);

/**
 * The alert rules section of the tab: the rules the entity gets from config defaults and its
 * `observability/alert-rules` annotation, as rendered and delivered, with what Prometheus reports
 * about each; and a panel to preview an edited annotation. One request, again on each refresh.
 */
export const AlertRulesSection = (props: {
  entityRef: CompoundEntityRef;
  /** The entity's current `observability/alert-rules` value, to start the preview from. */
  annotation?: string;
  /** Changes on every auto-refresh tick. */
  refreshKey?: unknown;
}) => {
  const { entityRef, annotation, refreshKey } = props;
  const api = useApi(observabilityApiRef);
  const templatesLink = useObservabilityRoute('ruleTemplates');
  const rules = useAsync(
    () => api.getEntityAlertRules(entityRef),
    [api, entityRef, refreshKey],
  );
  const [showFile, setShowFile] = useState(false);
  const [file, loadFile] = useAsyncFn(
    () => api.getEntityAlertRulesFile(entityRef),
    [api, entityRef],
  );
  const now = Math.floor(Date.now() / 1000);
  const value = rules.value;

  return (
    <Box data-testid="alert-rules-section">
      <Box display="flex" alignItems="baseline" flexWrap="wrap" mb={1}>
        <Box flexGrow={1}>
          <Typography variant="h5" component="h2">
            Alert rules
          </Typography>
        </Box>
        {templatesLink && <Link to={templatesLink()}>Rule templates</Link>}
      </Box>
      {rules.loading && !value && <Progress />}
      {rules.error && (
        <Alert severity="error" data-testid="alert-rules-error">
          Could not load the alert rules: {errorMessage(rules.error)}
        </Alert>
      )}
      {value && (
        <Grid container spacing={2}>
          {value.annotationError && (
            <Grid item xs={12}>
              <Alert
                severity="error"
                data-testid="alert-rules-annotation-error"
              >
                The <code>{ANNOTATION_ALERT_RULES}</code> annotation is not
                valid, so only the defaults apply: {value.annotationError}
              </Alert>
            </Grid>
          )}
          {noneLoaded(value) && (
            <Grid item xs={12}>
              <Alert severity="warning" data-testid="alert-rules-none-loaded">
                The rules were delivered to {value.delivery.instance}, but
                Prometheus runs none of them: check that the instance loads the
                delivered files (
                {value.delivery.location ?? 'its rule directory'}) through{' '}
                <code>rule_files</code> and was reloaded.
              </Alert>
            </Grid>
          )}
          {(!value.validation.valid ||
            value.validation.problems.length > 0) && (
            <Grid item xs={12}>
              <RuleValidationResult validation={value.validation} />
            </Grid>
          )}
          <Grid item xs={12} lg={8} style={{ minWidth: 0 }}>
            <InfoCard
              title={`Rules (${value.rules.length})`}
              subheader={`Rule group ${value.group}`}
            >
              {value.rules.length === 0 ? (
                <Typography variant="body2" data-testid="alert-rules-empty">
                  No rules: add <code>{ANNOTATION_ALERT_RULES}</code> to the
                  entity's <code>catalog-info.yaml</code> or configure defaults
                  (<code>observability.alertRules.defaults</code>).
                </Typography>
              ) : (
                <RuleList rules={value.rules} now={now} />
              )}
            </InfoCard>
          </Grid>
          <Grid item xs={12} lg={4} style={{ minWidth: 0 }}>
            <InfoCard title="Delivery">
              <DeliveryInfo delivery={value.delivery} now={now} />
              <Box mt={2}>
                <Button
                  size="small"
                  variant="outlined"
                  onClick={() => {
                    setShowFile(s => !s);
                    if (!file.value) loadFile();
                  }}
                >
                  {showFile ? 'Hide rule file' : 'Show rule file'}
                </Button>
                {showFile && file.loading && <Progress />}
                {showFile && file.error && (
                  <Alert severity="error">{errorMessage(file.error)}</Alert>
                )}
                {showFile && file.value !== undefined && (
                  <RenderedYaml yaml={file.value} />
                )}
              </Box>
            </InfoCard>
          </Grid>
        </Grid>
      )}
      <Box mt={2}>
        <PreviewChangePanel
          entityRef={stringifyEntityRef(entityRef)}
          annotation={annotation}
        />
      </Box>
    </Box>
  );
};
