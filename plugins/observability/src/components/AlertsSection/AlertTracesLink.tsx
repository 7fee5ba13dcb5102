import { Link as RouterLink, useSearchParams } from 'react-router-dom';
import Link from '@material-ui/core/Link';
import type { AlertView } from '@stagewatch/backstage-plugin-observability-common';
import { writeTimeRange } from '../../hooks/timeRange';
import { writeTraceParams } from '../TracesSection/useTraceParams';

/** Traces from a little before an alert started to a while after: where its cause shows. */
export const ALERT_TRACE_WINDOW = { before: 300, after: 900 };

/** The tab's URL for the alert's traces: the window around its start, errors first. */
export function alertTracesSearch(
  current: URLSearchParams,
  alert: Pick<AlertView, 'startsAt'>,
): string {
  const from = alert.startsAt - ALERT_TRACE_WINDOW.before;
  const to = alert.startsAt + ALERT_TRACE_WINDOW.after;
  const withRange = writeTimeRange(current, {
    kind: 'absolute',
    from,
    to,
    refresh: 'off',
  });
  return `?${writeTraceParams(withRange, { preset: 'errors' })}`;
}

/** "Traces": opens the Traces section on the alert's window with the Errors preset. */
export const AlertTracesLink = ({ alert }: { alert: AlertView }) => {
  const [params] = useSearchParams();
  return (
    <Link
      component={RouterLink}
      to={{ search: alertTracesSearch(params, alert) }}
      aria-label={`Traces around the start of ${alert.alertname}`}
      data-testid="alert-traces-link"
      onClick={() =>
        // After the navigation has rendered the section with the new range.
        setTimeout(() =>
          document
            .querySelector('[data-testid="traces-section"]')
            ?.scrollIntoView?.({ behavior: 'smooth', block: 'start' }),
        )
      }
    >
      Traces
    </Link>
  );
};
