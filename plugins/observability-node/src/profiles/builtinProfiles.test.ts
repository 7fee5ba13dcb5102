import { parseSelector } from '@stagewatch/backstage-plugin-observability-common';
import { scopeQuery } from '../prometheus/scopeQuery';
import { builtinProfiles, otelHttpProfile } from './builtinProfiles';
import { substituteIntervals } from './intervals';
import { signalQueries } from './signalQueries';

describe('built-in profiles', () => {
  it.each(builtinProfiles.map(p => [p.name, p] as const))(
    '%s: every signal query scopes cleanly and keeps the scope in every selector',
    (_name, profile) => {
      const matchers = parseSelector('{job="checkout", namespace="shop"}');
      for (const signal of signalQueries(profile)) {
        const query = scopeQuery(
          substituteIntervals(signal.template, {
            stepSeconds: 60,
            scrapeIntervalSeconds: 15,
          }),
          matchers,
        );
        expect(query).not.toContain('$__');
        const selectors = query.match(/[a-z_:]+\{[^}]*\}/g) ?? [];
        expect(selectors.length).toBeGreaterThan(0);
        for (const s of selectors) {
          expect(s).toContain('job="checkout"');
          expect(s).toContain('namespace="shop"');
        }
      }
    },
  );

  it('reads OpenTelemetry HTTP semantic conventions as exported to Prometheus', () => {
    const names = Object.fromEntries(
      signalQueries(otelHttpProfile).map(s => [s.name, s.template]),
    );
    expect(names.requestRate).toContain(
      'http_server_request_duration_seconds_count',
    );
    expect(names.errorRatio).toContain('http_response_status_code=~"5.."');
    expect(names.latencyP99).toContain(
      'histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket[$__rate_interval])))',
    );
  });
});
