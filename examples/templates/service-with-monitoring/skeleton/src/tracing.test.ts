import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SERVICE_NAME } from './config';
import { startTracing, tracesEndpoint } from './tracing';

describe('tracing', () => {
  it('exports to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, else OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces', () => {
    assert.equal(
      tracesEndpoint({
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://jaeger:4318/custom',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      }),
      'http://jaeger:4318/custom',
    );
    assert.equal(
      tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }),
      'http://collector:4318/v1/traces',
    );
    assert.equal(tracesEndpoint({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '  ' }), undefined);
    assert.equal(tracesEndpoint({}), undefined);
  });

  it('is off without an endpoint, or when OTEL_SDK_DISABLED is true', async () => {
    const off = startTracing({});
    assert.equal(off.enabled, false);
    assert.equal(off.serviceName, SERVICE_NAME);
    await off.shutdown();
    const disabled = startTracing({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_SDK_DISABLED: 'true',
      OTEL_SERVICE_NAME: 'renamed',
    });
    assert.equal(disabled.enabled, false);
    assert.equal(disabled.serviceName, 'renamed');
  });
});
