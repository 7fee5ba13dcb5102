import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  RulePreviewRequest,
  RuleTemplateBody,
} from '@stagewatch/backstage-plugin-observability-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { observabilityApiRef } from '../../api';
import { errorMessage } from '../errorMessage';
import { RenderedYaml, RuleValidationResult } from '../AlertRulesSection';
import { EntityPicker } from './EntityPicker';

/**
 * Renders a template (by id with parameters, or a draft body) for a chosen entity and shows the
 * YAML and the validation, with problems at the line of the template text they point at.
 */
export const TemplatePreview = (props: {
  /** What to render, without the entity. */
  request: Omit<RulePreviewRequest, 'entityRef'>;
  /** The template text the problems' line numbers count in. */
  body?: RuleTemplateBody;
  disabled?: boolean;
}) => {
  const api = useApi(observabilityApiRef);
  const [entityRef, setEntityRef] = useState<string>();
  const [result, preview] = useAsyncFn(
    async () =>
      entityRef
        ? api.previewRuleTemplate({ ...props.request, entityRef })
        : undefined,
    [api, entityRef, props.request],
  );
  return (
    <Box data-testid="template-preview">
      <Box
        display="flex"
        alignItems="flex-start"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <Box flexGrow={1} minWidth={260}>
          <EntityPicker value={entityRef} onChange={setEntityRef} />
        </Box>
        <Button
          variant="contained"
          color="primary"
          onClick={() => preview()}
          disabled={!entityRef || result.loading || props.disabled}
        >
          Preview
        </Button>
      </Box>
      {result.error && (
        <Box mt={2}>
          <Alert severity="error" data-testid="template-preview-error">
            {errorMessage(result.error)}
          </Alert>
        </Box>
      )}
      {result.value && !result.loading && (
        <Box mt={2} data-testid="template-preview-result">
          <RuleValidationResult
            validation={result.value.validation}
            body={props.body}
          />
          <Box mt={2}>
            <Typography variant="subtitle2">
              Rendered for {entityRef} ({result.value.rules.length}{' '}
              {result.value.rules.length === 1 ? 'rule' : 'rules'})
            </Typography>
            <RenderedYaml yaml={result.value.yaml} />
          </Box>
        </Box>
      )}
    </Box>
  );
};
