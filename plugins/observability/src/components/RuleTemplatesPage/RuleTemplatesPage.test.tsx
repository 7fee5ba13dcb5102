import { Suspense } from 'react';
import { SWRConfig } from 'swr';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  RulePreviewResponse,
  RuleTemplate,
} from '@stagewatch/backstage-plugin-observability-common';
import { ObservabilityApi, observabilityApiRef } from '../../api';
import { RuleTemplatesPage } from './RuleTemplatesPage';

const errorRatio: RuleTemplate = {
  id: 'error-ratio',
  title: 'Error ratio',
  description: 'The share of failed (5xx) requests stays above a threshold.',
  source: 'builtin',
  version: 1,
  parameters: {
    type: 'object',
    properties: {
      threshold: {
        type: 'number',
        format: 'ratio',
        default: 0.05,
        title: 'Threshold',
        description: 'Error ratio from 0 to 1',
      },
      for: { type: 'string', format: 'duration', default: '5m', title: 'For' },
      severity: {
        type: 'string',
        enum: ['page', 'ticket'],
        default: 'ticket',
        title: 'Severity',
      },
      runbook: { type: 'string', format: 'uri', title: 'Runbook URL' },
    },
  },
  rules: [
    {
      alert: 'HighErrorRatio',
      expr: '${signal:errorRatio} > ${threshold}',
      for: '${for}',
      labels: { severity: '${severity}' },
    },
  ],
};

const queueV2: RuleTemplate = {
  id: 'queue-depth',
  title: 'Queue depth',
  description: 'Jobs wait in the queue.',
  source: 'custom',
  version: 2,
  parameters: {
    type: 'object',
    properties: { limit: { type: 'number', default: 500, title: 'Limit' } },
  },
  rules: [
    {
      alert: 'QueueDepth',
      expr: 'max(queue_depth)\n  > ${limit}',
      for: '15m',
    },
  ],
  createdBy: 'user:default/carol',
  createdAt: '2027-01-02T10:00:00Z',
};
const queueV1: RuleTemplate = {
  ...queueV2,
  version: 1,
  rules: [{ alert: 'QueueDepth', expr: 'max(queue_depth) > 100', for: '10m' }],
  createdBy: 'user:default/alice',
  createdAt: '2027-01-01T09:00:00Z',
};
const legacy: RuleTemplate = {
  ...queueV1,
  id: 'old-latency',
  title: 'Old latency',
  deprecated: true,
};

const preview: RulePreviewResponse = {
  yaml: 'groups:\n  - name: backstage:component:default/checkout\n    rules:\n      - alert: QueueDepth\n',
  rules: [],
  validation: {
    valid: false,
    problems: [
      {
        template: 'queue-depth',
        entityRef: 'component:default/checkout',
        message:
          'rules[0].expr (line 2, column 5): ${limit} must be a number here',
      },
    ],
    promtool: 'passed',
  },
};

function fakeApi(overrides: Partial<ObservabilityApi> = {}) {
  const all = [errorRatio, queueV2, legacy];
  return {
    listRuleTemplates: jest.fn(async () => ({ templates: all })),
    getRuleTemplate: jest.fn(async (id: string) => ({
      template: all.find(t => t.id === id)!,
      usedBy: id === 'queue-depth' ? ['component:default/checkout'] : [],
    })),
    getRuleTemplateVersions: jest.fn(async (id: string) => ({
      id,
      versions: [queueV2, queueV1],
    })),
    previewRuleTemplate: jest.fn(async () => preview),
    updateRuleTemplate: jest.fn(async () => ({
      template: queueV2,
      usedBy: [],
    })),
    deleteRuleTemplate: jest.fn(async () => undefined),
    createRuleTemplate: jest.fn(),
    ...overrides,
  } as unknown as jest.Mocked<ObservabilityApi>;
}

const catalogApi = catalogApiMock.mock({
  getEntities: jest.fn(async () => ({
    items: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'checkout', namespace: 'default', title: 'Checkout' },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'payments', namespace: 'default' },
      },
    ],
  })),
});

function renderPage(api: ObservabilityApi, path: string, allowed: boolean) {
  // usePermission caches answers in SWR; each test starts with an empty cache.
  return renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>
      <Suspense fallback={<div>suspended</div>}>
        <TestApiProvider
          apis={[
            [observabilityApiRef, api],
            [catalogApiRef, catalogApi],
            [
              permissionApiRef,
              mockApis.permission({
                authorize: allowed
                  ? AuthorizeResult.ALLOW
                  : AuthorizeResult.DENY,
              }),
            ],
          ]}
        >
          <RuleTemplatesPage />
        </TestApiProvider>
      </Suspense>
    </SWRConfig>,
    { initialRouteEntries: [path] },
  );
}

async function chooseEntity(label: string) {
  const input = screen.getByLabelText('Preview for entity');
  await userEvent.click(input);
  await userEvent.click(await screen.findByText(label));
}

// The form and the page render a lot; on a busy machine the default 5 s is short.
jest.setTimeout(30_000);

describe('RuleTemplatesPage', () => {
  it('lists built-in and custom templates with source, version and deprecation', async () => {
    await renderPage(fakeApi(), '/', false);
    const link = await screen.findByTestId('template-link-error-ratio');
    const row = (el: HTMLElement) => el.closest('tr')!;
    expect(row(link)).toHaveTextContent('Error ratio');
    expect(row(link)).toHaveTextContent('built-in');
    const custom = row(screen.getByTestId('template-link-queue-depth'));
    expect(custom).toHaveTextContent('custom');
    expect(custom).toHaveTextContent('2');
    expect(
      row(screen.getByTestId('template-link-old-latency')),
    ).toHaveTextContent('deprecated');
    expect(screen.queryByText('New template')).toBeNull();
  });

  it('offers a new template only with the permission', async () => {
    await renderPage(fakeApi(), '/', true);
    expect(await screen.findByText('New template')).toBeInTheDocument();
  });

  it('renders the parameter form from the schema and previews against a chosen entity', async () => {
    const api = fakeApi();
    await renderPage(api, '/error-ratio', false);
    expect(
      await screen.findByText('Error ratio', { selector: 'h2' }),
    ).toBeInTheDocument();
    const threshold = screen.getByLabelText('Threshold');
    expect(threshold).toHaveValue(0.05);
    expect(screen.getByLabelText('For')).toHaveValue('5m');
    expect(screen.getByLabelText('Runbook URL')).toBeInTheDocument();
    expect(screen.getByText('Error ratio from 0 to 1')).toBeInTheDocument();
    // The form checks the schema as the user types: a ratio above 1 is refused.
    await userEvent.clear(threshold);
    await userEvent.type(threshold, '2');
    expect(await screen.findByText(/must be <= 1/)).toBeInTheDocument();
    await userEvent.clear(threshold);
    await userEvent.type(threshold, '0.02');

    await chooseEntity('component:checkout (Checkout)');
    expect(catalogApi.getEntities).toHaveBeenCalledWith(
      expect.objectContaining({
        filter: {
          'metadata.annotations.observability/prometheus-selector':
            expect.anything(),
        },
      }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    const result = await screen.findByTestId('template-preview-result');
    expect(api.previewRuleTemplate).toHaveBeenCalledWith({
      entityRef: 'component:default/checkout',
      template: 'error-ratio',
      params: expect.objectContaining({ threshold: 0.02, for: '5m' }),
    });
    expect(within(result).getByTestId('rendered-yaml')).toHaveTextContent(
      'alert: QueueDepth',
    );
    // Built-ins are read-only and nobody without the permission sees actions.
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
  });

  it('shows a validation problem at its line of the template text', async () => {
    await renderPage(fakeApi(), '/queue-depth', false);
    await screen.findByText('Queue depth', { selector: 'h2' });
    await chooseEntity('component:checkout (Checkout)');
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    const line = await screen.findByTestId('problem-line');
    expect(line.textContent).toBe('2 |   > ${limit}\n        ^');
    expect(screen.getByTestId('problem-position')).toHaveTextContent(
      'rules[0].expr, line 2, column 5',
    );
  });

  it('hides editing of a custom template without the permission', async () => {
    await renderPage(fakeApi(), '/queue-depth', false);
    await screen.findByText('Queue depth', { selector: 'h2' });
    expect(screen.queryByTestId('template-actions')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
  });

  it('shows edit, deprecate and delete with the permission, and deprecates', async () => {
    const api = fakeApi();
    await renderPage(api, '/queue-depth', true);
    const actions = await screen.findByTestId('template-actions');
    expect(
      within(actions).getByRole('button', { name: 'Edit' }),
    ).toBeInTheDocument();
    expect(
      within(actions).getByRole('button', { name: 'Delete' }),
    ).toBeInTheDocument();
    await userEvent.click(
      within(actions).getByRole('button', { name: 'Deprecate' }),
    );
    await waitFor(() =>
      expect(api.updateRuleTemplate).toHaveBeenCalledWith(
        'queue-depth',
        expect.objectContaining({ deprecated: true, title: 'Queue depth' }),
      ),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    expect(
      (screen.getByLabelText('Template body') as HTMLTextAreaElement).value,
    ).toContain('- alert: QueueDepth');
  });

  it('keeps built-ins read-only even with the permission', async () => {
    await renderPage(fakeApi(), '/error-ratio', true);
    await screen.findByText('Error ratio', { selector: 'h2' });
    expect(screen.queryByTestId('template-actions')).toBeNull();
    expect(screen.getByText(/read-only/)).toBeInTheDocument();
  });

  it('lists versions with author and time and diffs the newest two', async () => {
    await renderPage(fakeApi(), '/queue-depth', false);
    const history = await screen.findByTestId('version-history');
    expect(within(history).getByTestId('template-version-2')).toHaveTextContent(
      /^v2 · carol · /,
    );
    expect(within(history).getByTestId('template-version-1')).toHaveTextContent(
      /^v1 · alice · /,
    );
    const diff = within(history).getByTestId('version-diff');
    const lines = (kind: string) =>
      Array.from(diff.querySelectorAll(`[data-kind="${kind}"]`)).map(
        l => l.textContent,
      );
    expect(lines('removed')).toEqual(
      expect.arrayContaining([
        '-     expr: max(queue_depth) > 100',
        '-     for: 10m',
      ]),
    );
    expect(lines('added')).toEqual(expect.arrayContaining(['+     for: 15m']));
    // Unchanged lines far from a change are folded to their count.
    expect(lines('folded')[0]).toMatch(/^ {2}… \d+ unchanged lines$/);
  });
});
