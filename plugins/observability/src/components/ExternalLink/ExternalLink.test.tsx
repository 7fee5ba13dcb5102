/* eslint-disable no-script-url -- script URLs are what these tests feed in */
import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ExternalLink } from './ExternalLink';

describe('ExternalLink', () => {
  it('links an https URL in a new tab without giving it the opener', async () => {
    await renderInTestApp(
      <ExternalLink url="https://runbooks.example.com/high-error-rate">
        Runbook
      </ExternalLink>,
    );
    const link = screen.getByRole('link', { name: 'Runbook' });
    expect(link).toHaveAttribute(
      'href',
      'https://runbooks.example.com/high-error-rate',
    );
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  });

  it.each([
    'javascript:alert(document.domain)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    '/relative/runbook',
  ])('shows %j as text, not as a link', async url => {
    await renderInTestApp(<ExternalLink url={url}>Runbook</ExternalLink>);
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
    expect(document.querySelector('a')).toBeNull();
    expect(screen.getByTestId('external-link-as-text').textContent).toBe(
      `Runbook: ${url}`,
    );
  });
});
