import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { severityLevel } from './alertFormat';

const useStyles = makeStyles(theme => ({
  critical: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  warning: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  other: {},
}));

/** The severity label as a chip: red for page/critical, amber for ticket/warning, grey otherwise. */
export const SeverityChip = ({ severity }: { severity: string | null }) => {
  const classes = useStyles();
  const level = severityLevel(severity);
  return (
    <Chip
      size="small"
      label={severity ?? 'no severity'}
      className={classes[level]}
      data-level={level}
    />
  );
};
