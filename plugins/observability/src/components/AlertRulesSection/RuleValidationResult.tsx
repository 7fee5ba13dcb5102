import type { RuleValidation } from '@stagewatch/backstage-plugin-observability-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { fieldText, problemPosition } from './ruleFormat';

const useStyles = makeStyles(theme => ({
  code: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    margin: theme.spacing(0.5, 0, 0),
    padding: theme.spacing(0.5, 1),
    background: theme.palette.background.default,
    borderRadius: theme.shape.borderRadius,
  },
  mark: {
    color: theme.palette.error.main,
    fontWeight: 'bold',
  },
}));

/**
 * The line a problem points at, with a caret under its column, when the message carries
 * "line N, column M" and the template body has that field.
 */
const ProblemLine = (props: { message: string; body?: unknown }) => {
  const classes = useStyles();
  const at = problemPosition(props.message);
  if (!at) return null;
  const text =
    at.field && props.body !== undefined
      ? fieldText(props.body, at.field)
      : undefined;
  const line = text?.split('\n')[at.line - 1];
  return (
    <Box data-testid="problem-position">
      <Typography variant="caption" color="textSecondary">
        {at.field ? `${at.field}, ` : ''}line {at.line}, column {at.column}
      </Typography>
      {line !== undefined && (
        <pre className={classes.code} data-testid="problem-line">
          {`${at.line} | ${line}\n`}
          <span className={classes.mark}>
            {`${' '.repeat(String(at.line).length + 3 + at.column - 1)}^`}
          </span>
        </pre>
      )}
    </Box>
  );
};

const promtoolText: Record<RuleValidation['promtool'], string> = {
  passed: 'promtool check rules: passed',
  failed: 'promtool check rules: failed',
  unavailable: 'promtool is not installed on the backend: not run',
};

/**
 * A validation result: the problems (each template use left out, with the line it points at) and
 * what promtool said. `body` is the template whose text the line numbers count in, if any.
 */
export const RuleValidationResult = (props: {
  validation: RuleValidation;
  body?: unknown;
}) => {
  const { validation, body } = props;
  const classes = useStyles();
  return (
    <Box data-testid="rule-validation">
      {validation.valid && validation.problems.length === 0 ? (
        <Alert severity="success">Valid: every rule would be delivered.</Alert>
      ) : (
        <Alert severity="error" data-testid="rule-problems">
          <Typography variant="body2" gutterBottom>
            {validation.problems.length === 1
              ? 'One template use is left out; the other rules are not affected:'
              : `${validation.problems.length} template uses are left out; the other rules are not affected:`}
          </Typography>
          {validation.problems.length === 0 && (
            <Typography variant="body2">The rule file is not valid.</Typography>
          )}
          <Box component="ul" m={0} pl={2}>
            {validation.problems.map((problem, i) => (
              <li key={i} data-testid="rule-problem">
                <Typography variant="body2">
                  <strong>{problem.template}</strong>: {problem.message}
                </Typography>
                <ProblemLine message={problem.message} body={body} />
              </li>
            ))}
          </Box>
        </Alert>
      )}
      <Box mt={1} display="flex" alignItems="center" flexWrap="wrap">
        <Chip
          size="small"
          variant="outlined"
          label={promtoolText[validation.promtool]}
          data-testid="promtool-status"
          data-status={validation.promtool}
        />
      </Box>
      {validation.promtoolMessage && (
        <pre className={classes.code} data-testid="promtool-message">
          {validation.promtoolMessage}
        </pre>
      )}
    </Box>
  );
};
