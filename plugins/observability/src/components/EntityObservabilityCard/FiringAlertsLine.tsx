import {
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import type { FiringAlertCount } from '@stagewatch/backstage-plugin-observability-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { describeFiringCount, worstLevel } from '../AlertsSection/alertFormat';

/**
 * "2 alerts firing (1 critical, 1 warning)", coloured by the most urgent one; alerts without a
 * known severity get no colour, and none firing is OK.
 */
export const FiringAlertsLine = ({ count }: { count: FiringAlertCount }) => {
  const text = describeFiringCount(count);
  const level = worstLevel(count);
  let status = <>{text}</>;
  if (level === undefined) status = <StatusOK>{text}</StatusOK>;
  else if (level === 'critical') status = <StatusError>{text}</StatusError>;
  else if (level === 'warning') status = <StatusWarning>{text}</StatusWarning>;
  return (
    <Box mt={1}>
      <Typography variant="body2" component="div" data-testid="firing-alerts">
        {status}
      </Typography>
    </Box>
  );
};
