import type { EntityRuleView } from '@stagewatch/backstage-plugin-observability-common';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { RuleCard } from './RuleCard';

const stateRank = (rule: EntityRuleView) =>
  ({ firing: 0, pending: 1, inactive: 2 }[rule.live?.state ?? 'inactive']);

/**
 * Alerting rules first, firing and pending on top; recording rules (the SLO burn rates feed many
 * of them) folded away under their count, since they rarely need attention one by one.
 */
export const RuleList = ({
  rules,
  now,
}: {
  rules: EntityRuleView[];
  now: number;
}) => {
  const alerting = rules
    .map((rule, index) => ({ rule, index }))
    .filter(r => r.rule.type === 'alerting')
    .sort((a, b) => stateRank(a.rule) - stateRank(b.rule) || a.index - b.index);
  const recording = rules.filter(r => r.type === 'recording');
  const broken = recording.filter(
    r => r.live?.health === 'err' || r.live?.lastError,
  ).length;
  return (
    <Box display="grid" style={{ gap: 12 }} minWidth={0}>
      {alerting.map(({ rule, index }) => (
        <RuleCard key={index} rule={rule} now={now} />
      ))}
      {recording.length > 0 && (
        <Accordion
          variant="outlined"
          TransitionProps={{ unmountOnExit: true }}
          data-testid="recording-rules"
        >
          <AccordionSummary expandIcon={<ExpandMoreIcon />}>
            <Typography variant="subtitle2">
              {recording.length} recording rule
              {recording.length === 1 ? '' : 's'}
              {broken > 0 ? ` (${broken} with errors)` : ''}
            </Typography>
          </AccordionSummary>
          <AccordionDetails>
            <Box display="grid" style={{ gap: 12 }} width="100%" minWidth={0}>
              {recording.map((rule, i) => (
                <RuleCard key={i} rule={rule} now={now} />
              ))}
            </Box>
          </AccordionDetails>
        </Accordion>
      )}
    </Box>
  );
};
