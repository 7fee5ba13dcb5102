import { useObservabilityRoute } from '../../hooks/useObservabilityRoute';
import {
  Content,
  ContentHeader,
  Header,
  Link,
  Page,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  Route,
  Routes,
  useNavigate,
  useParams,
  Link as RouterLink,
} from 'react-router-dom';
import { RuleTemplateDetail } from './RuleTemplateDetail';
import { RuleTemplateList } from './RuleTemplateList';
import { TemplateEditor } from './TemplateEditor';
import { useCanManageTemplates } from './useCanManageTemplates';

const useStyles = makeStyles(theme => ({
  // The header's own text colour: the default link colour is unreadable on the banner.
  headerLink: { color: theme.page?.fontColor ?? theme.palette.common.white },
}));

const ListView = () => {
  const canManage = useCanManageTemplates();
  return (
    <>
      <ContentHeader title="Templates">
        {canManage && (
          <Button
            variant="contained"
            color="primary"
            component={RouterLink}
            to="new"
          >
            New template
          </Button>
        )}
      </ContentHeader>
      <Typography variant="body2" paragraph>
        Each entity with a Prometheus selector gets the default templates from
        config plus what its <code>observability/alert-rules</code> annotation
        adds, tunes or switches off. Open a template to try its parameters on an
        entity.
      </Typography>
      <RuleTemplateList />
    </>
  );
};

const DetailView = () => {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  return (
    <>
      <Box mb={2}>
        <Link to="..">← All templates</Link>
      </Box>
      <RuleTemplateDetail id={id} onDeleted={() => navigate('..')} />
    </>
  );
};

const NewView = () => {
  const canManage = useCanManageTemplates();
  const navigate = useNavigate();
  return (
    <>
      <ContentHeader title="New template" />
      {canManage ? (
        <TemplateEditor
          onSaved={id => navigate(`../${encodeURIComponent(id)}`)}
          onCancel={() => navigate('..')}
        />
      ) : (
        <Typography variant="body2">
          Creating templates needs the observability.ruleTemplate.manage
          permission.
        </Typography>
      )}
    </>
  );
};

/** `/observability/rule-templates`: the templates, one template's detail, a new template. */
export const RuleTemplatesPage = () => {
  const classes = useStyles();
  const overview = useObservabilityRoute('root');
  return (
    <Page themeId="tool">
      <Header
        title="Alert-rule templates"
        subtitle="The rules every service gets, rendered and scoped per entity"
      >
        {overview && (
          <Link to={overview()} className={classes.headerLink}>
            ← Observability overview
          </Link>
        )}
      </Header>
      <Content>
        <Routes>
          <Route path="/" element={<ListView />} />
          <Route path="new" element={<NewView />} />
          <Route path=":id" element={<DetailView />} />
        </Routes>
      </Content>
    </Page>
  );
};
