import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { renderInTestApp as renderInLegacyTestApp } from '@backstage/test-utils';
import {
  legacyRuleTemplatesRouteRef,
  ruleTemplatesRouteRef,
} from '../../routes';
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

// A legacy app (createApp from @backstage/app-defaults) has no route resolution API: the link
// must resolve the legacy route ref, and never break the page (found by test/fresh-portal).
describe('RuleTemplatesHeaderLink in a legacy app', () => {
  it('links to the legacy templates page where the app mounts it', async () => {
    await renderInLegacyTestApp(<RuleTemplatesHeaderLink />, {
      mountedRoutes: {
        '/observability/rule-templates': legacyRuleTemplatesRouteRef,
      },
    });
    expect(
      screen.getByRole('link', { name: 'Alert-rule templates →' }),
    ).toHaveAttribute('href', '/observability/rule-templates');
  });

  it('renders nothing, without an error, where the page is not mounted', async () => {
    await renderInLegacyTestApp(
      <>
        <RuleTemplatesHeaderLink />
        <span>rest of the page</span>
      </>,
    );
    expect(screen.getByText('rest of the page')).toBeInTheDocument();
    expect(screen.queryByRole('link')).toBeNull();
  });
});
