import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  yaml: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    maxHeight: 480,
    overflow: 'auto',
    margin: theme.spacing(1, 0, 0),
    padding: theme.spacing(1),
    background: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
}));

/** A rendered rule file, monospace, wrapped so a long expression never widens the page. */
export const RenderedYaml = ({ yaml }: { yaml: string }) => {
  const classes = useStyles();
  return (
    <pre className={classes.yaml} data-testid="rendered-yaml">
      {yaml}
    </pre>
  );
};
