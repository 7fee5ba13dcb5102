import { checkPromTemplateText, fillTemplateText } from './fillTemplate';
import { checkParameterSchema, resolveParameters } from './templateParameters';
import type { ParameterSchema } from './ruleTemplate';

const schema: ParameterSchema = {
  type: 'object',
  properties: {
    threshold: { type: 'number', default: 0.02 },
    latency: { type: 'string', format: 'duration', default: '500ms' },
    window: { type: 'string', format: 'duration', default: '5m' },
    severity: { type: 'string', enum: ['page', 'ticket'], default: 'page' },
  },
};
const kinds = checkParameterSchema(schema);
const params = resolveParameters(schema, {});
const signals = {
  requestRate: 'sum(rate(http_requests_total[5m]))',
  errorRate: 'sum(rate(http_requests_total{code=~"5.."}[5m]))',
  requestRateWeekAgo: 'sum(rate(http_requests_total[5m] offset 1w))',
  errorRatio: 'a / b',
  latencyBuckets: 'sum by (le) (rate(h_bucket[5m]))',
  saturation: 'sum(rate(cpu[5m]))',
  liveness: 'avg(up)',
};

describe('filling template text', () => {
  it('puts numbers, durations, seconds and signals into an expression', () => {
    expect(
      fillTemplateText(
        'histogram_quantile(0.99, ${signal:latencyBuckets}) > ${latency:seconds} and ${signal:errorRatio} > ${threshold} and rate(x[${window}]) > 0',
        { field: 'rules[0].expr', target: 'expr', params, kinds, signals },
      ),
    ).toBe(
      'histogram_quantile(0.99, (sum by (le) (rate(h_bucket[5m])))) > 0.5 and (a / b) > 0.02 and rate(x[5m]) > 0',
    );
  });

  it('leaves Prometheus and Grafana syntax alone', () => {
    expect(
      fillTemplateText(
        '{{ $labels.job }} at {{ $value | humanizePercentage }}, ${severity}, over ${threshold:percent}',
        {
          field: 'annotations.summary',
          target: 'text',
          params,
          kinds,
        },
      ),
    ).toBe(
      '{{ $labels.job }} at {{ $value | humanizePercentage }}, page, over 2%',
    );
  });

  it('names the entity with ${entity} in text, and only there', () => {
    const ctx = {
      field: 'annotations.summary',
      target: 'text' as const,
      params,
      kinds,
      entityRef: 'component:default/checkout',
    };
    expect(fillTemplateText('${entity}: slow', ctx)).toBe(
      'component:default/checkout: slow',
    );
    expect(() =>
      fillTemplateText('up{x="${entity}"}', {
        ...ctx,
        field: 'expr',
        target: 'expr',
        signals,
      }),
    ).toThrow('names the entity in labels and annotations only');
  });

  it('refuses a text parameter in an expression, with where it is', () => {
    expect(() =>
      fillTemplateText('up\n  == ${severity}', {
        field: 'rules[1].expr',
        target: 'expr',
        params,
        kinds,
        signals,
      }),
    ).toThrow(
      'rules[1].expr (line 2, column 6): ${severity}: an enum parameter cannot be used in expr',
    );
  });

  it('names an unknown parameter, signal or modifier', () => {
    const ctx = {
      field: 'expr',
      target: 'expr' as const,
      params,
      kinds,
      signals,
    };
    expect(() => fillTemplateText('${nope}', ctx)).toThrow(
      "no parameter 'nope'",
    );
    expect(() => fillTemplateText('${signal:foo}', ctx)).toThrow(
      'unknown signal',
    );
    expect(() => fillTemplateText('${threshold:seconds}', ctx)).toThrow(
      ':seconds is for duration parameters',
    );
    expect(() =>
      fillTemplateText('${signal:liveness}', { ...ctx, target: 'text' }),
    ).toThrow('signals can only be used in expr');
  });
});

describe('Prometheus template text', () => {
  it('accepts ordinary annotation templates', () => {
    expect(() =>
      checkPromTemplateText(
        '{{ $labels.instance }} is {{ $value | humanize }}; {{ $labels.query }} {{ "query" }}',
        'annotations.summary',
      ),
    ).not.toThrow();
  });

  it.each([
    ['{{ $value', /unclosed \{\{ .*|line 1, column 1/],
    ['a }} b', /unexpected \}\} without \{\{/],
    [
      'x\n{{ query "up" | first | value }}',
      /line 2, column 4\): the query template function is not allowed/,
    ],
    ['{{ with query "secret" }}{{ . }}{{ end }}', /query template function/],
  ])('refuses %j', (text, message) => {
    expect(() =>
      checkPromTemplateText(text, 'annotations.description'),
    ).toThrow(message);
  });
});
