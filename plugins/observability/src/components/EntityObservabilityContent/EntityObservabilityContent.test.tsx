import { screen } from '@testing-library/react';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { ObservabilityApi, observabilityApiRef } from '../../api';
import { EntityObservabilityContent } from './EntityObservabilityContent';

const checkout: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    annotations: {
      'observability/prometheus-selector': '{job="checkout", namespace="shop"}',
    },
  },
  spec: { type: 'service', owner: 'team-checkout', lifecycle: 'production' },
};

function renderWith(api: ObservabilityApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[observabilityApiRef, api]]}>
      <EntityProvider entity={checkout}>
        <EntityObservabilityContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityObservabilityContent', () => {
  it("shows the entity's selector and that the backend is up", async () => {
    await renderWith({ getHealth: async () => ({ status: 'ok' }) });

    expect(
      await screen.findByText('The observability backend is up.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('{job="checkout", namespace="shop"}'),
    ).toBeInTheDocument();
  });

  it('shows the error when the backend cannot be reached', async () => {
    await renderWith({
      getHealth: async () => {
        throw new Error('Request failed with 503 Service Unavailable');
      },
    });

    expect(
      await screen.findByText(
        'Error: Request failed with 503 Service Unavailable',
        { selector: 'h6' },
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByTestId('observability-backend-status'),
    ).not.toBeInTheDocument();
  });
});
