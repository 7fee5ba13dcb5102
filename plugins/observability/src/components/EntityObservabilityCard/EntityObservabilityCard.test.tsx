import { Suspense } from 'react';
import { screen } from '@testing-library/react';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import type {
  FiringAlertCount,
  SummaryResponse,
} from '@stagewatch/backstage-plugin-observability-common';
import { ObservabilityApi, observabilityApiRef } from '../../api';
import { EntityObservabilityCard } from './EntityObservabilityCard';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    namespace: 'default',
    annotations: { 'observability/prometheus-selector': '{job="checkout"}' },
  },
  spec: { type: 'service', owner: 'team-checkout', lifecycle: 'production' },
};

const summary = (firingAlerts?: FiringAlertCount): SummaryResponse => ({
  entityRef: 'component:default/checkout',
  scope: { selector: '{job="checkout"}', instance: 'demo', profile: 'p' },
  time: 1_800_000_000,
  values: {
    requestRate: 12.5,
    errorRatio: 0.001,
    latencyP99: 0.2,
    saturation: null,
    liveness: 1,
  },
  saturationUnit: 'cores',
  health: { verdict: 'healthy', reasons: [] },
  ...(firingAlerts ? { firingAlerts } : {}),
  warnings: [],
});

async function renderCard(firingAlerts?: FiringAlertCount) {
  const api = {
    getSummary: async () => summary(firingAlerts),
    getSignals: async () => ({
      entityRef: 'component:default/checkout',
      scope: summary().scope,
      range: { from: 0, to: 3600, step: 60 },
      signals: [],
      warnings: [],
    }),
  } as unknown as ObservabilityApi;
  await renderInTestApp(
    <Suspense fallback={<div>suspended</div>}>
      <TestApiProvider apis={[[observabilityApiRef, api]]}>
        <EntityProvider entity={entity}>
          <EntityObservabilityCard />
        </EntityProvider>
      </TestApiProvider>
    </Suspense>,
  );
  await screen.findByText('Healthy');
}

describe('EntityObservabilityCard', () => {
  it('counts the alerts firing by severity, most urgent first, coloured by the worst', async () => {
    await renderCard({ total: 2, bySeverity: { warning: 1, critical: 1 } });
    const line = screen.getByTestId('firing-alerts');
    expect(line).toHaveTextContent('2 alerts firing (1 critical, 1 warning)');
    expect(line.querySelector('[aria-label="Status error"]')).not.toBeNull();
  });

  it('says when nothing fires', async () => {
    await renderCard({ total: 0, bySeverity: {} });
    const line = screen.getByTestId('firing-alerts');
    expect(line).toHaveTextContent(/^No alerts firing$/);
    expect(line.querySelector('[aria-label="Status ok"]')).not.toBeNull();
  });

  it('shows nothing about alerts when the backend could not count them', async () => {
    await renderCard(undefined);
    expect(screen.queryByTestId('firing-alerts')).not.toBeInTheDocument();
    expect(screen.queryByText(/alerts? firing/)).not.toBeInTheDocument();
  });
});
