import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ruleTemplatesRouteRef } from '../../routes';
import { RuleTemplatesHeaderLink } from './RuleTemplatesHeaderLink';

describe('RuleTemplatesHeaderLink', () => {
  it('links to the templates page where the app mounts it', async () => {
    await renderInTestApp(<RuleTemplatesHeaderLink />, {
      mountedRoutes: { '/observability/rule-templates': ruleTemplatesRouteRef },
    });
    expect(
      screen.getByRole('link', { name: 'Alert-rule templates →' }),
    ).toHaveAttribute('href', '/observability/rule-templates');
  });

  it('renders nothing where the page is not mounted', async () => {
    await renderInTestApp(<RuleTemplatesHeaderLink />);
    expect(screen.queryByRole('link')).toBeNull();
  });
});
