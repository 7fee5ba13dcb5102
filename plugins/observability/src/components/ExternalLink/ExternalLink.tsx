import { ReactNode } from 'react';
import { safeHttpUrl } from '@stagewatch/backstage-plugin-observability-common';
import Link from '@material-ui/core/Link';

/**
 * A link to a URL the plugin did not build itself (an alert's runbook or source, later rule
 * templates' runbooks and trace links), opened in a new tab. Only `http:` and `https:` URLs
 * become links; anything else is shown as text, as it was written, so the reader still sees what
 * the rule says without the portal running it.
 */
export const ExternalLink = ({
  url,
  children,
}: {
  url: string;
  children: ReactNode;
}) => {
  const href = safeHttpUrl(url);
  if (href)
    return (
      <Link href={href} target="_blank" rel="noopener noreferrer">
        {children}
      </Link>
    );
  return (
    <span
      data-testid="external-link-as-text"
      title="Not an http(s) URL, so shown as text"
    >
      {children}: <span style={{ wordBreak: 'break-all' }}>{url}</span>
    </span>
  );
};
