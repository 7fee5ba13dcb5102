import http from 'node:http';
import { DEMO_TRAFFIC_HEADER } from './trafficHeader';
import { DemoServiceDefinition } from './serviceCatalog';
import { pickWeighted, requestRate } from './behaviour';

export interface TrafficGeneratorOptions {
  definition: DemoServiceDefinition;
  port: number;
  host?: string;
  random?: () => number;
  /** Multiplies the service's base request rate (tests use a higher rate to get data quickly). */
  rateMultiplier?: number;
}

export interface TrafficGenerator {
  stop(): void;
  /** Requests sent so far. */
  sent(): number;
}

/** Fills a route template with a plausible concrete path, e.g. `/api/items/:id` → `/api/items/417`. */
function concretePath(route: string, random: () => number): string {
  return route.replace(/:[a-z]+/gi, () => String(Math.floor(random() * 1000)));
}

/**
 * Sends requests to the service over loopback as a Poisson process whose rate follows
 * `requestRate`, so the traffic chart breathes instead of being a flat line.
 */
export function startTrafficGenerator(
  options: TrafficGeneratorOptions,
): TrafficGenerator {
  const { definition, port } = options;
  const host = options.host ?? '127.0.0.1';
  const random = options.random ?? Math.random;
  const multiplier = options.rateMultiplier ?? 1;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let sent = 0;

  const fire = () => {
    const route = pickWeighted(definition.routes, random);
    const req = http.request({
      host,
      port,
      agent,
      method: route.method,
      path: concretePath(route.route, random),
      headers: {
        'Content-Type': 'application/json',
        [DEMO_TRAFFIC_HEADER]: '1',
      },
    });
    req.on('response', res => res.resume());
    // The service may be restarting; traffic simply resumes once it is back.
    req.on('error', () => {});
    req.end(route.method === 'GET' ? undefined : '{}');
    sent += 1;
  };

  const scheduleNext = () => {
    if (stopped) {
      return;
    }
    const rate = requestRate(Date.now(), definition.baseRps * multiplier);
    const waitMs = (-Math.log(1 - random()) / rate) * 1000;
    timer = setTimeout(() => {
      fire();
      scheduleNext();
    }, waitMs);
  };
  scheduleNext();

  return {
    stop() {
      stopped = true;
      if (timer) {
        clearTimeout(timer);
      }
      agent.destroy();
    },
    sent: () => sent,
  };
}
