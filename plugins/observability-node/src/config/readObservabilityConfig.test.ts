import { ConfigReader } from '@backstage/config';
import { readObservabilityConfig } from './readObservabilityConfig';

const read = (observability: object) =>
  readObservabilityConfig(new ConfigReader({ observability }));

describe('readObservabilityConfig', () => {
  it('reads instances with path prefix, headers, timeout and scrape interval', () => {
    const config = read({
      prometheus: {
        instances: [
          {
            name: 'mimir',
            baseUrl: 'https://mimir.example.com/',
            pathPrefix: 'prometheus',
            headers: { 'X-Scope-OrgID': 'shop' },
            timeout: '10s',
            scrapeInterval: '30s',
          },
          { name: 'local', baseUrl: 'http://127.0.0.1:9090' },
        ],
      },
    });
    expect(config.instances).toEqual([
      {
        name: 'mimir',
        apiBaseUrl: 'https://mimir.example.com/prometheus',
        headers: { 'X-Scope-OrgID': 'shop' },
        timeoutMs: 10_000,
        scrapeIntervalSeconds: 30,
      },
      {
        name: 'local',
        apiBaseUrl: 'http://127.0.0.1:9090',
        headers: {},
        timeoutMs: 30_000,
        scrapeIntervalSeconds: 15,
      },
    ]);
  });

  it('has sensible defaults with no observability config at all', () => {
    const config = readObservabilityConfig(new ConfigReader({}));
    expect(config.instances).toEqual([]);
    expect(config.defaultProfile).toBe('prom-client-http');
    expect([...config.profiles.keys()]).toEqual([
      'prom-client-http',
      'otel-http',
    ]);
    expect(config.maxPointsPerSeries).toBe(1000);
    expect(config.cache).toEqual({ enabled: true, maxTtlSeconds: 300 });
    expect(config.thresholds.errorRatio).toEqual({
      degraded: 0.01,
      critical: 0.05,
    });
  });

  it('adds profiles from config and lets one be the default', () => {
    const config = read({
      defaultProfile: 'nginx',
      profiles: [
        {
          name: 'nginx',
          requestRate: 'sum(rate(nginx_http_requests_total[$__rate_interval]))',
          errorRate:
            'sum(rate(nginx_http_requests_total{status=~"5.."}[$__rate_interval]))',
          latencyHistogram: 'nginx_http_request_duration_seconds',
          saturation: {
            query: 'sum(nginx_connections_active)',
            unit: 'count',
            title: 'Connections',
          },
        },
      ],
    });
    expect(config.defaultProfile).toBe('nginx');
    expect(config.profiles.get('nginx')).toMatchObject({
      liveness: 'avg(up)',
      saturation: { title: 'Connections' },
    });
  });

  it('reads thresholds and per-entity overrides', () => {
    const config = read({
      health: {
        thresholds: { latencyP99Seconds: { degraded: 0.3, critical: 0.8 } },
        entityOverrides: [
          {
            entityRef: 'Component:default/Checkout',
            errorRatio: { degraded: 0.05, critical: 0.2 },
          },
        ],
      },
    });
    expect(config.thresholds.latencyP99Seconds).toEqual({
      degraded: 0.3,
      critical: 0.8,
    });
    expect(config.thresholds.errorRatio).toEqual({
      degraded: 0.01,
      critical: 0.05,
    });
    expect(config.thresholdOverrides.get('component:default/checkout')).toEqual(
      { errorRatio: { degraded: 0.05, critical: 0.2 } },
    );
  });

  it('fails early and clearly on bad values', () => {
    expect(() =>
      read({
        prometheus: { instances: [{ name: 'a', baseUrl: 'prometheus:9090' }] },
      }),
    ).toThrow(
      "observability.prometheus.instances 'a': baseUrl must start with http:// or https://",
    );
    expect(() =>
      read({
        prometheus: {
          instances: [
            { name: 'a', baseUrl: 'http://x' },
            { name: 'a', baseUrl: 'http://y' },
          ],
        },
      }),
    ).toThrow("duplicate name 'a'");
    expect(() => read({ defaultProfile: 'nope' })).toThrow(
      "observability.defaultProfile 'nope' is not a profile",
    );
    expect(() => read({ summaryWindow: 'five minutes' })).toThrow(
      "'summaryWindow' must be a duration like 30s or 5m",
    );
  });

  it('reads Alertmanager and alert settings, with a 90-day retention every 6 hours and a 1-minute reconcile by default', () => {
    const defaults = readObservabilityConfig(new ConfigReader({}));
    expect(defaults.alertmanager).toBeUndefined();
    expect(defaults.alerts).toEqual({
      retentionDays: 90,
      reconcileIntervalSeconds: 60,
      retentionIntervalSeconds: 21600,
    });
    const set = read({
      alertmanager: {
        baseUrl: 'http://am:9093/',
        headers: { Authorization: 'Bearer x' },
      },
      alerts: {
        retentionDays: 30,
        reconcileInterval: '30s',
        retentionInterval: '1h',
      },
    });
    expect(set.alertmanager).toEqual({
      baseUrl: 'http://am:9093',
      headers: { Authorization: 'Bearer x' },
    });
    expect(set.alerts).toEqual({
      retentionDays: 30,
      reconcileIntervalSeconds: 30,
      retentionIntervalSeconds: 3600,
    });
    expect(() => read({ alerts: { retentionDays: 0 } })).toThrow(
      "'alerts.retentionDays' must be a number of days, at least 1, got 0",
    );
    expect(() => read({ alertmanager: { baseUrl: 'am:9093' } })).toThrow(
      "'alertmanager.baseUrl' must be an http(s) URL",
    );
  });
});
