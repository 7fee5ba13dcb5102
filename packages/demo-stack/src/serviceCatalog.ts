/**
 * The three demo services and how each behaves. Numbers are chosen so that the golden-signal
 * charts look like a real shop: a busy read path (inventory), a slower write path (checkout) and a
 * payment provider that fails in bursts.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface DemoRoute {
  method: HttpMethod;
  /** Route template, used as the `route` label so raw paths never explode cardinality. */
  route: string;
  /** Share of the service's traffic that goes to this route. */
  weight: number;
  /** Median latency in milliseconds when the service is idle. */
  baseLatencyMs: number;
  /** Steady-state share of 5xx answers. */
  errorRatio: number;
  /** Steady-state share of 4xx answers (client mistakes: unknown ids, bad input). */
  clientErrorRatio: number;
}

export interface IncidentEffect {
  /** Share of requests answered 5xx while the incident lasts. */
  errorRatio?: number;
  /** Latency multiplier while the incident lasts. */
  latencyFactor?: number;
}

export interface DemoServiceDefinition {
  name: string;
  defaultPort: number;
  /** Average self-generated requests per second. */
  baseRps: number;
  routes: DemoRoute[];
  incident?: IncidentEffect;
}

export const demoServices: Record<string, DemoServiceDefinition> = {
  checkout: {
    name: 'checkout',
    defaultPort: 9101,
    baseRps: 8,
    // 5xx stay near 0.03%: inside the 99.9% availability SLO of examples/entities.yaml, so the
    // demo shows a budget being kept next to payments' budget being burnt.
    routes: [
      {
        method: 'GET',
        route: '/api/cart',
        weight: 5,
        baseLatencyMs: 35,
        errorRatio: 0.0002,
        clientErrorRatio: 0.01,
      },
      {
        method: 'POST',
        route: '/api/cart/items',
        weight: 3,
        baseLatencyMs: 60,
        errorRatio: 0.0003,
        clientErrorRatio: 0.03,
      },
      {
        method: 'POST',
        route: '/api/checkout',
        weight: 2,
        baseLatencyMs: 140,
        errorRatio: 0.0005,
        clientErrorRatio: 0.02,
      },
    ],
    // Checkout waits on payments during the incident: a latency spike, few errors.
    incident: { latencyFactor: 7 },
  },
  payments: {
    name: 'payments',
    defaultPort: 9102,
    baseRps: 5,
    routes: [
      {
        method: 'POST',
        route: '/api/payments',
        weight: 6,
        baseLatencyMs: 90,
        errorRatio: 0.003,
        clientErrorRatio: 0.02,
      },
      {
        method: 'GET',
        route: '/api/payments/:id',
        weight: 3,
        baseLatencyMs: 25,
        errorRatio: 0.001,
        clientErrorRatio: 0.04,
      },
      {
        method: 'POST',
        route: '/api/refunds',
        weight: 1,
        baseLatencyMs: 120,
        errorRatio: 0.004,
        clientErrorRatio: 0.03,
      },
    ],
    // The card processor fails in bursts.
    incident: { errorRatio: 0.3, latencyFactor: 1.5 },
  },
  inventory: {
    name: 'inventory',
    defaultPort: 9103,
    baseRps: 12,
    routes: [
      {
        method: 'GET',
        route: '/api/items',
        weight: 5,
        baseLatencyMs: 20,
        errorRatio: 0.001,
        clientErrorRatio: 0.005,
      },
      {
        method: 'GET',
        route: '/api/items/:id',
        weight: 4,
        baseLatencyMs: 12,
        errorRatio: 0.001,
        clientErrorRatio: 0.03,
      },
      {
        method: 'PUT',
        route: '/api/items/:id/stock',
        weight: 1,
        baseLatencyMs: 45,
        errorRatio: 0.002,
        clientErrorRatio: 0.01,
      },
    ],
  },
};

export function getDemoService(name: string): DemoServiceDefinition {
  const definition = demoServices[name];
  if (!definition) {
    throw new Error(
      `Unknown demo service '${name}'; expected one of ${Object.keys(
        demoServices,
      ).join(', ')}`,
    );
  }
  return definition;
}
