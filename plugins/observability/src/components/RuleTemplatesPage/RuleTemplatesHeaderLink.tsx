import { useObservabilityRoute } from '../../hooks/useObservabilityRoute';
import { Link } from '@backstage/core-components';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  // The header's own text colour: the default link colour is unreadable on the banner.
  link: { color: theme.page?.fontColor ?? theme.palette.common.white },
}));

/** "Alert-rule templates" for a page header, when the app mounts the templates page. */
export const RuleTemplatesHeaderLink = () => {
  const classes = useStyles();
  const templates = useObservabilityRoute('ruleTemplates');
  if (!templates) return null;
  return (
    <Link to={templates()} className={classes.link}>
      Alert-rule templates →
    </Link>
  );
};
