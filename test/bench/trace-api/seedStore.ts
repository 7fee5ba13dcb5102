/*
 * Fills the demo trace store with a fixed set of synthetic traces for the benchmark: 2,000
 * traces of 8 spans (service `bench` and two peers) in the last ten minutes.
 * Usage: seedStore.ts <storeUrl>; prints one trace id to use for trace-by-id.
 */
async function main() {
  const store = process.argv[2];
  const now = BigInt(Date.now()) * 1_000_000n;
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  let first = '';
  for (let batch = 0; batch < 20; batch++) {
    const resourceSpans = ['bench', 'peer-a', 'peer-b'].map(service => ({
      resource: {
        attributes: [{ key: 'service.name', value: { stringValue: service } }],
      },
      scopeSpans: [{ scope: { name: 'bench' }, spans: [] as unknown[] }],
    }));
    for (let t = 0; t < 100; t++) {
      const n = batch * 100 + t;
      const traceId = hex(n + 1, 32);
      if (!first) first = traceId;
      const start = now - BigInt(600 - (n % 600)) * 1_000_000_000n;
      for (let s = 0; s < 8; s++) {
        const owner = s === 0 ? 0 : 1 + (s % 2);
        resourceSpans[owner].scopeSpans[0].spans.push({
          traceId,
          spanId: hex(n * 8 + s + 1, 16),
          ...(s ? { parentSpanId: hex(n * 8 + 1, 16) } : {}),
          name: s ? `call ${s}` : 'GET /api/bench',
          kind: s ? 3 : 2,
          startTimeUnixNano: String(start + BigInt(s) * 1_000_000n),
          endTimeUnixNano: String(start + BigInt(s ? 5 + s : 50) * 1_000_000n),
          status: { code: n % 20 === 0 && s === 3 ? 2 : 0 },
          attributes: [
            { key: 'http.route', value: { stringValue: '/api/bench' } },
          ],
        });
      }
    }
    const res = await fetch(`${store}/v1/traces`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ resourceSpans }),
    });
    if (!res.ok) throw new Error(`seeding failed: ${res.status}`);
  }
  process.stdout.write(`${first}\n`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
