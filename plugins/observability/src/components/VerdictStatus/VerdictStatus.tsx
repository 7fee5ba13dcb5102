import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import type { Verdict } from '@stagewatch/backstage-plugin-observability-common';

const labels: Record<Verdict, string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  critical: 'Critical',
  unknown: 'Unknown',
};

/** A verdict as Backstage's status dot and a word, so it reads without colour too. */
export const VerdictStatus = ({ verdict }: { verdict: Verdict }) => {
  const text = labels[verdict];
  switch (verdict) {
    case 'healthy':
      return <StatusOK>{text}</StatusOK>;
    case 'degraded':
      return <StatusWarning>{text}</StatusWarning>;
    case 'critical':
      return <StatusError>{text}</StatusError>;
    default:
      return <StatusPending>{text}</StatusPending>;
  }
};
