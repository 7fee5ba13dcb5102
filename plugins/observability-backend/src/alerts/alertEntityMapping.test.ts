import type { Entity } from '@backstage/catalog-model';
import {
  alertRouteFor,
  entitiesForAlert,
  matchesLabels,
} from './alertEntityMapping';

const entity = (name: string, annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations },
});

describe('alert to entity mapping', () => {
  const checkout = alertRouteFor(
    entity('checkout', {
      'observability/prometheus-selector':
        '{job="checkout", namespace="shop", instance=~".+"}',
    }),
  ) as any;
  const payments = alertRouteFor(
    entity('payments', {
      'observability/prometheus-selector': '{job="payments"}',
      'observability/alert-selector':
        '{service=~"pay(ments)?", severity!="info"}',
    }),
  ) as any;

  it('defaults to the equality matchers of the Prometheus selector', () => {
    expect(checkout.matchers).toEqual([
      { name: 'job', op: '=', value: 'checkout' },
      { name: 'namespace', op: '=', value: 'shop' },
    ]);
  });

  it('maps an alert to every entity whose selector matches, regexes anchored', () => {
    const routes = [checkout, payments];
    expect(
      entitiesForAlert(
        { alertname: 'X', job: 'checkout', namespace: 'shop' },
        routes,
      ),
    ).toEqual(['component:default/checkout']);
    expect(
      entitiesForAlert({ alertname: 'X', service: 'pay' }, routes),
    ).toEqual(['component:default/payments']);
    expect(
      entitiesForAlert({ alertname: 'X', service: 'payments-eu' }, routes),
    ).toEqual([]);
    expect(
      entitiesForAlert(
        { alertname: 'X', service: 'payments', severity: 'info' },
        routes,
      ),
    ).toEqual([]);
  });

  it('gives an alert labelled backstage_entity to that entity alone', () => {
    expect(
      entitiesForAlert(
        {
          alertname: 'SloErrorBudgetBurn',
          backstage_entity: 'component:inventory',
          job: 'checkout',
          namespace: 'shop',
        },
        [checkout],
      ),
    ).toEqual(['component:default/inventory']);
  });

  it('treats a missing label as empty, as Alertmanager does', () => {
    expect(matchesLabels([{ name: 'team', op: '!=', value: 'a' }], {})).toBe(
      true,
    );
    expect(matchesLabels([{ name: 'team', op: '=', value: '' }], {})).toBe(
      true,
    );
  });

  it('claims nothing without a selector, or with one that has no equality matcher', () => {
    expect(alertRouteFor(entity('x', {}))).toBeUndefined();
    expect(
      alertRouteFor(
        entity('x', { 'observability/prometheus-selector': '{job=~"a|b"}' }),
      ),
    ).toBeUndefined();
  });

  it('names the entity and annotation of a malformed selector', () => {
    expect(
      alertRouteFor(entity('x', { 'observability/alert-selector': '{job="' })),
    ).toEqual({
      entityRef: 'component:default/x',
      error: expect.stringMatching(
        /^component:default\/x: annotation observability\/alert-selector is malformed: /,
      ),
    });
  });
});
