import { useMemo, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  RULE_TEMPLATE_ID_PATTERN,
  type RuleTemplate,
  type RuleTemplateBody,
} from '@stagewatch/backstage-plugin-observability-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { parse, stringify, YAMLParseError } from 'yaml';
import { observabilityApiRef } from '../../api';
import { errorMessage } from '../errorMessage';
import { TemplatePreview } from './TemplatePreview';

const NEW_TEMPLATE: RuleTemplateBody = {
  title: 'High request rate',
  description: 'Requests per second stay above a threshold.',
  parameters: {
    type: 'object',
    properties: {
      threshold: { type: 'number', default: 100, title: 'Requests per second' },
      for: { type: 'string', format: 'duration', default: '10m', title: 'For' },
      severity: { type: 'string', enum: ['page', 'ticket'], default: 'ticket' },
    },
  },
  rules: [
    {
      alert: 'HighRequestRate',
      expr: '${signal:requestRate} > ${threshold}',
      for: '${for}',
      labels: { severity: '${severity}' },
      annotations: {
        summary: '{{ $labels.backstage_entity }} serves {{ $value }} req/s',
      },
    },
  ],
};

const bodyOf = (t: RuleTemplateBody): RuleTemplateBody => ({
  title: t.title,
  description: t.description,
  parameters: t.parameters,
  rules: t.rules,
});

type Parsed = { body?: RuleTemplateBody; error?: string };

function parseBody(text: string): Parsed {
  try {
    const value = parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      return {
        error:
          'The body must be a mapping with title, description, parameters and rules.',
      };
    }
    return { body: value as RuleTemplateBody };
  } catch (e) {
    if (e instanceof YAMLParseError && e.linePos) {
      const [{ line, col }] = e.linePos;
      return {
        error: `line ${line}, column ${col}: ${e.message.split('\n')[0]}`,
      };
    }
    return { error: (e as Error).message };
  }
}

/**
 * Creates a custom template or saves a new version of one: the body as YAML (title, description,
 * parameters as JSON Schema, rules), previewed as a draft against an entity before saving.
 */
export const TemplateEditor = (props: {
  template?: RuleTemplate;
  onSaved: (id: string) => void;
  onCancel: () => void;
}) => {
  const { template } = props;
  const api = useApi(observabilityApiRef);
  const [id, setId] = useState('');
  const [text, setText] = useState(() =>
    stringify(bodyOf(template ?? NEW_TEMPLATE), { lineWidth: 0 }),
  );
  const parsed = useMemo(() => parseBody(text), [text]);
  const idProblem =
    !template && id && !RULE_TEMPLATE_ID_PATTERN.test(id)
      ? 'Lower-case words with dashes, as in error-ratio'
      : undefined;
  const draftRequest = useMemo(() => ({ draft: parsed.body }), [parsed.body]);
  const [saving, save] = useAsyncFn(async () => {
    if (!parsed.body) return;
    if (template) {
      await api.updateRuleTemplate(template.id, {
        ...bodyOf(parsed.body),
        deprecated: template.deprecated,
      });
      props.onSaved(template.id);
    } else {
      const saved = await api.createRuleTemplate({
        id,
        ...bodyOf(parsed.body),
      });
      props.onSaved(saved?.template?.id ?? id);
    }
  }, [api, template, id, parsed.body, props.onSaved]);

  return (
    <Box data-testid="template-editor">
      {!template && (
        <Box mb={2}>
          <TextField
            label="Template id"
            value={id}
            onChange={e => setId(e.target.value)}
            variant="outlined"
            size="small"
            required
            error={Boolean(idProblem)}
            helperText={
              idProblem ??
              'Used in observability/alert-rules, e.g. high-request-rate'
            }
          />
        </Box>
      )}
      <Typography variant="body2" paragraph>
        Expressions are written without selectors:{' '}
        <code>{'${signal:errorRatio}'}</code> and the other signals come from
        the entity's profile, <code>{'${name}'}</code> are parameters; the
        backend scopes every expression to the entity.
        {template
          ? ' Saving adds a new version; entities pick it up on the next delivery.'
          : ''}
      </Typography>
      <TextField
        label="Template body (YAML)"
        multiline
        minRows={16}
        maxRows={40}
        fullWidth
        variant="outlined"
        value={text}
        onChange={e => setText(e.target.value)}
        error={Boolean(parsed.error)}
        helperText={parsed.error}
        inputProps={{
          style: { fontFamily: 'monospace', fontSize: '0.85rem' },
          spellCheck: false,
          'aria-label': 'Template body',
        }}
      />
      <Box mt={2} mb={2}>
        <Typography variant="subtitle2" gutterBottom>
          Preview the draft
        </Typography>
        <TemplatePreview
          request={draftRequest}
          body={parsed.body}
          disabled={!parsed.body}
        />
      </Box>
      {saving.error && (
        <Box mb={2}>
          <Alert severity="error" data-testid="template-save-error">
            {errorMessage(saving.error)}
          </Alert>
        </Box>
      )}
      <Box display="flex" style={{ gap: 8 }}>
        <Button
          variant="contained"
          color="primary"
          onClick={() => save()}
          disabled={
            saving.loading ||
            !parsed.body ||
            (!template && (!id || Boolean(idProblem)))
          }
        >
          {template ? 'Save new version' : 'Create template'}
        </Button>
        <Button onClick={props.onCancel}>Cancel</Button>
      </Box>
    </Box>
  );
};
