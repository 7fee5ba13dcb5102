import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  freePort,
  RunningDemoStack,
  startDemoStack,
} from '@internal/demo-stack';
import request from 'supertest';
import { observabilityPlugin } from '../plugin';
import { component, selector } from '../__testUtils__/entities';
import { sqliteDatabaseFactory } from '../__testUtils__/sqliteDatabase';
import { startRecordingProxy } from '../__testUtils__/recordingProxy';

// A real Prometheus behind a pass-through proxy that counts the upstream requests; the result
// cache is on (the default), in memory.
jest.setTimeout(60_000);

describe('warm views', () => {
  const database = sqliteDatabaseFactory();
  let stack: RunningDemoStack;
  let runDir: string;
  let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    runDir = mkdtempSync(path.join(os.tmpdir(), 'observability-warm-views-'));
    stack = await startDemoStack({
      runDir,
      prometheusPort: await freePort(),
      services: [{ name: 'checkout', port: await freePort() }],
      scrapeInterval: '1s',
    });
    proxy = await startRecordingProxy(stack.prometheusUrl);
    ({ server } = await startTestBackend({
      features: [
        observabilityPlugin,
        await database(),
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () =>
            catalogServiceMock({
              entities: [
                component('checkout', selector('checkout')),
                component('payments', selector('payments')),
              ],
            }),
        }),
        mockServices.rootConfig.factory({
          data: {
            observability: {
              prometheus: {
                instances: [
                  // 15 s: the summary's 10 s slot is not cut short by the scrape interval.
                  { name: 'demo', baseUrl: proxy.url, scrapeInterval: '15s' },
                ],
              },
              summaryWindow: '10s',
            },
          },
        }),
      ],
    }));
  });

  afterAll(async () => {
    await proxy?.close();
    await stack?.stop();
    rmSync(runDir, { recursive: true, force: true });
  });

  // A range that ended minutes ago: cacheable for the longest TTL.
  const pastRange = () => {
    const to = Math.floor(Date.now() / 1000 / 60) * 60 - 600;
    return `from=${to - 600}&to=${to}&step=60`;
  };
  const signals = (range: string) =>
    `/api/observability/entities/component/default/checkout/signals?${range}`;

  it('answers a repeated view from the cache with the same ETag, and 304 to a client holding it', async () => {
    const range = pastRange();
    const first = await request(server).get(signals(range));
    expect(first.status).toBe(200);
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const upstreamBefore = proxy.requests.length;

    const again = await request(server).get(signals(range));
    expect(again.status).toBe(200);
    expect(again.headers.etag).toBe(etag);
    expect(again.body).toEqual(first.body);

    const revalidated = await request(server)
      .get(signals(range))
      .set('If-None-Match', etag);
    expect(revalidated.status).toBe(304);
    expect(revalidated.text).toBe('');
    // Neither went upstream.
    expect(proxy.requests.length).toBe(upstreamBefore);
  });

  it("still loads the entity with the caller's credentials before a 304: none for a caller without them", async () => {
    const range = pastRange();
    const { etag } = (await request(server).get(signals(range))).headers;
    const anonymous = await request(server)
      .get(signals(range))
      .set('Authorization', mockCredentials.none.header())
      .set('If-None-Match', etag);
    expect(anonymous.status).toBe(401);
  });

  it('answers in full with another ETag for another range, and for the same query of another entity', async () => {
    const range = pastRange();
    const a = await request(server).get(signals(range));
    const other = await request(server).get(
      signals(range.replace(/step=60/, 'step=120')),
    );
    expect(other.status).toBe(200);
    expect(other.headers.etag).not.toBe(a.headers.etag);
    const sameQueryElsewhere = await request(server)
      .post('/api/observability/entities/component/default/payments/query')
      .set('If-None-Match', a.headers.etag)
      .send({ query: 'up', from: 1, to: 601, step: 60 });
    expect(sameQueryElsewhere.status).toBe(200);
  });

  it('answers every summary within a 10 s slot from one set of upstream queries', async () => {
    const summary =
      '/api/observability/entities/component/default/checkout/summary';
    const slot = () => Math.floor(Date.now() / 10_000);
    // Two viewers a second apart; should they straddle a slot boundary, they ask again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const started = slot();
      expect((await request(server).get(summary)).status).toBe(200);
      const afterFirst = proxy.requests.length;
      // More than a second later: a time in whole seconds would be a new set of queries.
      await new Promise(resolve => setTimeout(resolve, 1100));
      expect((await request(server).get(summary)).status).toBe(200);
      if (slot() !== started) continue;
      expect(proxy.requests.length).toBe(afterFirst);
      return;
    }
    throw new Error('three attempts straddled a slot boundary');
  });
});
