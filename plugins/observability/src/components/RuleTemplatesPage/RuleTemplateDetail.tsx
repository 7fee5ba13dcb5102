import { useMemo, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { InfoCard, Progress } from '@backstage/core-components';
import type { RuleTemplate } from '@stagewatch/backstage-plugin-observability-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { stringify } from 'yaml';
import { observabilityApiRef } from '../../api';
import { errorMessage } from '../errorMessage';
import { RenderedYaml } from '../AlertRulesSection';
import { ParameterForm } from './ParameterForm';
import { TemplatePreview } from './TemplatePreview';
import { TemplateEditor } from './TemplateEditor';
import { VersionHistory } from './VersionHistory';
import { useCanManageTemplates } from './useCanManageTemplates';

const TemplateActions = (props: {
  template: RuleTemplate;
  usedBy: string[];
  onEdit: () => void;
  onChanged: () => void;
  onDeleted: () => void;
}) => {
  const { template } = props;
  const api = useApi(observabilityApiRef);
  const [confirm, setConfirm] = useState(false);
  const [deprecation, toggleDeprecated] = useAsyncFn(async () => {
    const {
      id: _id,
      source: _s,
      version: _v,
      createdAt: _a,
      createdBy: _b,
      ...body
    } = template;
    await api.updateRuleTemplate(template.id, {
      ...body,
      deprecated: !template.deprecated,
    });
    props.onChanged();
  }, [api, template, props.onChanged]);
  const [deletion, remove] = useAsyncFn(async () => {
    await api.deleteRuleTemplate(template.id);
    props.onDeleted();
  }, [api, template.id, props.onDeleted]);
  return (
    <Box data-testid="template-actions">
      <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
        <Button variant="outlined" onClick={props.onEdit}>
          Edit
        </Button>
        <Button
          variant="outlined"
          onClick={() => toggleDeprecated()}
          disabled={deprecation.loading}
        >
          {template.deprecated ? 'Undeprecate' : 'Deprecate'}
        </Button>
        <Button
          variant="outlined"
          color="secondary"
          onClick={() => setConfirm(true)}
        >
          Delete
        </Button>
      </Box>
      {(deprecation.error || deletion.error) && (
        <Box mt={1}>
          <Alert severity="error" data-testid="template-action-error">
            {errorMessage(deprecation.error ?? deletion.error)}
          </Alert>
        </Box>
      )}
      <Dialog open={confirm} onClose={() => setConfirm(false)}>
        <DialogTitle>Delete {template.id}?</DialogTitle>
        <DialogContent>
          <Typography variant="body2">
            {props.usedBy.length > 0
              ? `Used by ${props.usedBy.join(
                  ', ',
                )}: the backend refuses to delete a template entities use. Deprecate it instead, or remove it from their annotations first.`
              : 'No entity uses it. Its versions are deleted with it.'}
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirm(false)}>Cancel</Button>
          <Button
            color="secondary"
            onClick={() => {
              setConfirm(false);
              remove();
            }}
          >
            Delete
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
};

/** One template: what it does, its parameters as a form with a live preview, and its history. */
export const RuleTemplateDetail = (props: {
  id: string;
  onDeleted: () => void;
}) => {
  const api = useApi(observabilityApiRef);
  const canManage = useCanManageTemplates();
  const [reload, setReload] = useState(0);
  const [editing, setEditing] = useState(false);
  const detail = useAsync(
    () => api.getRuleTemplate(props.id),
    [api, props.id, reload],
  );
  const [params, setParams] = useState<Record<string, unknown>>({});
  const template = detail.value?.template;
  const request = useMemo(
    () => ({ template: props.id, params }),
    [props.id, params],
  );

  if (detail.loading && !detail.value) return <Progress />;
  if (detail.error)
    return (
      <Alert severity="error" data-testid="template-error">
        {errorMessage(detail.error)}
      </Alert>
    );
  if (!template || !detail.value) return null;
  const usedBy = detail.value.usedBy;
  const changed = () => {
    setEditing(false);
    setReload(r => r + 1);
  };

  return (
    <Grid container spacing={3} data-testid="template-detail">
      <Grid item xs={12}>
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          style={{ gap: 8 }}
        >
          <Typography variant="h5" component="h2">
            {template.title}
          </Typography>
          <Chip size="small" label={template.id} variant="outlined" />
          <Chip
            size="small"
            label={template.source === 'builtin' ? 'built-in' : 'custom'}
          />
          <Chip
            size="small"
            label={`v${template.version}`}
            variant="outlined"
          />
          {template.deprecated && (
            <Chip size="small" label="deprecated" color="secondary" />
          )}
        </Box>
        <Typography variant="body1" style={{ marginTop: 8 }}>
          {template.description}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {usedBy.length > 0
            ? `Used by ${usedBy.join(', ')}`
            : 'No entity uses this template.'}
        </Typography>
        {canManage && template.source === 'custom' && !editing && (
          <Box mt={2}>
            <TemplateActions
              template={template}
              usedBy={usedBy}
              onEdit={() => setEditing(true)}
              onChanged={changed}
              onDeleted={props.onDeleted}
            />
          </Box>
        )}
        {canManage && template.source === 'builtin' && (
          <Box mt={1}>
            <Typography variant="caption" color="textSecondary">
              Built-in templates come with the plugin and are read-only; create
              a custom template to change one.
            </Typography>
          </Box>
        )}
      </Grid>
      {editing && (
        <Grid item xs={12}>
          <InfoCard title={`Edit ${template.id}`}>
            <TemplateEditor
              template={template}
              onSaved={changed}
              onCancel={() => setEditing(false)}
            />
          </InfoCard>
        </Grid>
      )}
      <Grid item xs={12} md={5} style={{ minWidth: 0 }}>
        <InfoCard
          title="Parameters"
          subheader="Empty fields take the template's defaults"
        >
          {Object.keys(template.parameters.properties ?? {}).length === 0 ? (
            <Typography variant="body2">
              This template takes no parameters.
            </Typography>
          ) : (
            <ParameterForm
              parameters={template.parameters}
              value={params}
              onChange={setParams}
            />
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={7} style={{ minWidth: 0 }}>
        <InfoCard title="Live preview">
          <TemplatePreview request={request} body={template} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6} style={{ minWidth: 0 }}>
        <InfoCard
          title="Rules"
          subheader="Written without selectors; rendering scopes them to the entity"
        >
          <RenderedYaml yaml={stringify(template.rules, { lineWidth: 0 })} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6} style={{ minWidth: 0 }}>
        <InfoCard title="Versions">
          {template.source === 'builtin' ? (
            <Typography variant="body2">
              Revision {template.version} of the plugin's built-in templates;
              they change with the plugin, not here.
            </Typography>
          ) : (
            <VersionHistory key={reload} id={template.id} />
          )}
        </InfoCard>
      </Grid>
    </Grid>
  );
};
