import { useApi } from '@backstage/frontend-plugin-api';
import { Link, Progress, Table, TableColumn } from '@backstage/core-components';
import type { RuleTemplate } from '@stagewatch/backstage-plugin-observability-common';
import Chip from '@material-ui/core/Chip';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { observabilityApiRef } from '../../api';
import { errorMessage } from '../errorMessage';

/** One-token columns stay narrow and never wrap, so the description gets the width. */
const narrow = (width: string) => ({
  width,
  cellStyle: { whiteSpace: 'nowrap' as const },
});

const columns: TableColumn<RuleTemplate>[] = [
  {
    title: 'Template',
    field: 'id',
    ...narrow('14%'),
    render: t => (
      <Link to={encodeURIComponent(t.id)} data-testid={`template-link-${t.id}`}>
        {t.id}
      </Link>
    ),
  },
  { title: 'Title', field: 'title', width: '16%' },
  {
    title: 'Source',
    field: 'source',
    ...narrow('8%'),
    render: t => (
      <Chip
        size="small"
        label={t.source === 'builtin' ? 'built-in' : 'custom'}
      />
    ),
  },
  {
    title: 'Version',
    field: 'version',
    type: 'numeric',
    align: 'left',
    ...narrow('7%'),
  },
  {
    title: 'Status',
    field: 'deprecated',
    ...narrow('9%'),
    render: t =>
      t.deprecated ? (
        <Chip size="small" label="deprecated" color="secondary" />
      ) : (
        'active'
      ),
  },
  {
    title: 'Description',
    field: 'description',
    cellStyle: { wordBreak: 'normal', overflowWrap: 'normal' },
  },
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
      title={`${list.value?.templates.length ?? 0} templates`}
      options={{ paging: false, search: true, padding: 'dense' }}
      columns={columns}
      data={list.value?.templates ?? []}
    />
  );
};
