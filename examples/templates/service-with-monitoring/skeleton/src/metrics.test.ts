import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TraceFlags } from '@opentelemetry/api';
import { Registry } from 'prom-client';
import {
  createMetrics,
  DURATION_BUCKETS,
  durationBuckets,
  LATENCY_THRESHOLD_SECONDS,
  observeRequest,
  STANDARD_BUCKETS,
} from './metrics';
import { parseExposition, samplesOf } from './testSupport';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';

describe('buckets', () => {
  it('are the standard bounds and the latency threshold, sorted, without duplicates', () => {
    assert.ok(DURATION_BUCKETS.includes(LATENCY_THRESHOLD_SECONDS));
    for (const bound of STANDARD_BUCKETS) assert.ok(DURATION_BUCKETS.includes(bound));
    assert.deepEqual([...DURATION_BUCKETS], [...new Set(DURATION_BUCKETS)].sort((a, b) => a - b));
  });

  it('add a threshold between, above or equal to the standard bounds', () => {
    assert.deepEqual(durationBuckets(0.3), [...STANDARD_BUCKETS]);
    assert.deepEqual(durationBuckets(0.15).slice(4, 7), [0.1, 0.15, 0.2]);
    assert.equal(durationBuckets(30).at(-1), 30);
    assert.throws(() => durationBuckets(0), RangeError);
    assert.throws(() => durationBuckets(Number.NaN), RangeError);
  });
});

describe('registry', () => {
  it('exposes OpenMetrics, the format that carries exemplars', () => {
    assert.equal(createMetrics().registry.contentType, Registry.OPENMETRICS_CONTENT_TYPE);
  });

  it('records the sampled span of a request as the exemplar of its bucket', async () => {
    const metrics = createMetrics();
    const labels = { method: 'GET', route: '/api/hello', status_code: '200' };
    observeRequest(metrics, labels, 0.004, {
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceFlags: TraceFlags.SAMPLED,
    });
    const samples = parseExposition(await metrics.registry.metrics());
    const bucket = samplesOf(samples, 'http_request_duration_seconds_bucket', {
      ...labels,
      le: '0.005',
    });
    assert.deepEqual(bucket[0]?.exemplar, { trace_id: TRACE_ID, span_id: SPAN_ID });
    assert.equal(samplesOf(samples, 'http_requests_total', labels)[0]?.value, 1);
  });

  it('records no exemplar for an unsampled span or without one', async () => {
    const metrics = createMetrics();
    const labels = { method: 'GET', route: '/api/hello', status_code: '200' };
    observeRequest(metrics, labels, 0.004, {
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceFlags: TraceFlags.NONE,
    });
    observeRequest(metrics, labels, 0.004);
    const samples = parseExposition(await metrics.registry.metrics());
    const buckets = samplesOf(samples, 'http_request_duration_seconds_bucket', labels);
    assert.ok(buckets.length > 0);
    assert.ok(buckets.every(s => s.exemplar === undefined));
    assert.equal(samplesOf(samples, 'http_requests_total', labels)[0]?.value, 2);
  });
});
