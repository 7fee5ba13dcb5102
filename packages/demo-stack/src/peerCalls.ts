import http from 'node:http';

/** A call a service makes to another while it handles a request. */
export interface PeerCall {
  peer: string;
  method: string;
  path: string;
}

/**
 * Which peers a route calls: a checkout calls inventory for stock and payments to charge, so
 * one trace crosses three services. Peers are found through `DEMO_PEER_<NAME>_URL`.
 */
export const peerCalls: Record<string, Record<string, PeerCall[]>> = {
  checkout: {
    'POST /api/checkout': [
      { peer: 'inventory', method: 'GET', path: '/api/items/sku-42' },
      { peer: 'payments', method: 'POST', path: '/api/payments' },
    ],
  },
};

export function peerUrlsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    const m = /^DEMO_PEER_([A-Z]+)_URL$/.exec(key);
    if (m && value) urls[m[1].toLowerCase()] = value;
  }
  return urls;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

/**
 * Calls a peer over HTTP (instrumented by OpenTelemetry, so the call is a client span and the
 * peer's server span its child) and resolves with the status, or 0 when it failed or took
 * longer than `budgetMs`; it never rejects.
 */
export function callPeer(
  baseUrl: string,
  call: PeerCall,
  budgetMs: number,
): Promise<number> {
  return new Promise(resolve => {
    const url = new URL(call.path, baseUrl);
    const req = http.request(
      url,
      { method: call.method, agent, timeout: Math.max(1, budgetMs) },
      res => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('peer call over budget')));
    req.on('error', () => resolve(0));
    req.end();
  });
}
