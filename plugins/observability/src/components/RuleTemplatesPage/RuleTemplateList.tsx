import { useApi } from '@backstage/frontend-plugin-api';
import { Link, Progress, Table, TableColumn } from '@backstage/core-components';
import type { RuleTemplate } from '@internal/backstage-plugin-observability-common';
import Chip from '@material-ui/core/Chip';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { observabilityApiRef } from '../../api';
import { errorMessage } from '../errorMessage';

const columns: TableColumn<RuleTemplate>[] = [
  {
    title: 'Template',
    field: 'id',
    render: t => (
      <Link to={encodeURIComponent(t.id)} data-testid={`template-link-${t.id}`}>
        {t.id}
      </Link>
    ),
  },
  { title: 'Title', field: 'title' },
  {
    title: 'Source',
    field: 'source',
    render: t => (
      <Chip
        size="small"
        label={t.source === 'builtin' ? 'built-in' : 'custom'}
      />
    ),
  },
  { title: 'Version', field: 'version', type: 'numeric', align: 'left' },
  {
    title: 'Status',
    field: 'deprecated',
    render: t =>
      t.deprecated ? (
        <Chip size="small" label="deprecated" color="secondary" />
      ) : (
        'in use'
      ),
  },
  { title: 'Description', field: 'description' },
];

/** Built-in templates first, then custom ones, as the backend lists them. */
export const RuleTemplateList = () => {
  const api = useApi(observabilityApiRef);
  const list = useAsync(() => api.listRuleTemplates(), [api]);
  if (list.loading) return <Progress />;
  if (list.error)
    return (
      <Alert severity="error" data-testid="templates-error">
        Could not load the templates: {errorMessage(list.error)}
      </Alert>
    );
  return (
    <Table<RuleTemplate>
      title="Alert-rule templates"
      options={{ paging: false, search: true, padding: 'dense' }}
      columns={columns}
      data={list.value?.templates ?? []}
    />
  );
};
