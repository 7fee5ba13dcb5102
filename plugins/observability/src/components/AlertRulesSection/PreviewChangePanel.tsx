import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { ANNOTATION_ALERT_RULES } from '@stagewatch/backstage-plugin-observability-common';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import Alert from '@material-ui/lab/Alert';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { observabilityApiRef } from '../../api';
import { errorMessage } from '../errorMessage';
import { RenderedYaml } from './RenderedYaml';
import { RuleValidationResult } from './RuleValidationResult';

const EXAMPLE = `- template: error-ratio
  params: { threshold: 0.02, for: 5m, severity: page }
- template: target-down
  enabled: false`;

/**
 * Try an edited `observability/alert-rules` annotation against the entity: the backend renders
 * and validates it and changes nothing. The annotation itself is edited in the service's
 * repository, so this panel never writes.
 */
export const PreviewChangePanel = (props: {
  entityRef: string;
  annotation?: string;
}) => {
  const api = useApi(observabilityApiRef);
  const [text, setText] = useState(props.annotation ?? '');
  const [result, preview] = useAsyncFn(
    () =>
      api.previewRuleTemplate({
        entityRef: props.entityRef,
        annotation: text,
      }),
    [api, props.entityRef, text],
  );
  return (
    <Accordion data-testid="rule-preview-panel">
      <AccordionSummary expandIcon={<ExpandMoreIcon />}>
        <Typography variant="subtitle1">Preview a change</Typography>
      </AccordionSummary>
      <AccordionDetails>
        <Box width="100%" minWidth={0}>
          <Typography variant="body2" paragraph>
            Edit the <code>{ANNOTATION_ALERT_RULES}</code> annotation here to
            see the rules it would give this entity. Nothing is saved: the
            annotation lives in the service's repository, in its{' '}
            <code>catalog-info.yaml</code>; commit the change there and the
            portal delivers the new rules once the catalog has read it.
          </Typography>
          <TextField
            label={ANNOTATION_ALERT_RULES}
            multiline
            minRows={4}
            maxRows={20}
            fullWidth
            variant="outlined"
            value={text}
            placeholder={EXAMPLE}
            onChange={e => setText(e.target.value)}
            inputProps={{
              style: { fontFamily: 'monospace', fontSize: '0.85rem' },
              spellCheck: false,
              'aria-label': `Edited ${ANNOTATION_ALERT_RULES} annotation`,
            }}
          />
          <Box mt={1} mb={2}>
            <Button
              variant="contained"
              color="primary"
              onClick={() => preview()}
              disabled={result.loading}
            >
              Preview
            </Button>
          </Box>
          {result.error && (
            <Alert severity="error" data-testid="rule-preview-error">
              {errorMessage(result.error)}
            </Alert>
          )}
          {result.value && !result.loading && (
            <Box data-testid="rule-preview-result">
              <RuleValidationResult validation={result.value.validation} />
              <Box mt={2}>
                <Typography variant="subtitle2">
                  Rendered rules ({result.value.rules.length})
                </Typography>
                <RenderedYaml yaml={result.value.yaml} />
              </Box>
            </Box>
          )}
        </Box>
      </AccordionDetails>
    </Accordion>
  );
};
