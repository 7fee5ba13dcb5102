import {
  checkParameterSchema,
  checkParameterValue,
  parsePromDuration,
  resolveParameters,
} from './templateParameters';
import type { ParameterSchema } from './ruleTemplate';

const schema: ParameterSchema = {
  type: 'object',
  properties: {
    threshold: { type: 'number', minimum: 0, default: 0.05 },
    quantile: { type: 'number', format: 'quantile', default: 0.99 },
    fraction: { type: 'number', format: 'ratio', default: 0.5 },
    for: { type: 'string', format: 'duration', default: '5m' },
    severity: { type: 'string', enum: ['page', 'ticket'], default: 'ticket' },
    runbook: { type: 'string', format: 'uri' },
    team: { type: 'string' },
  },
};

describe('Prometheus durations', () => {
  it.each([
    ['5m', 300],
    ['1h30m', 5400],
    ['500ms', 0.5],
    ['1d', 86400],
    ['2w', 1209600],
  ])('reads %s as %d seconds', (text, seconds) => {
    expect(parsePromDuration(text)).toBe(seconds);
  });
  it.each([
    '',
    '5',
    '5 m',
    '5m)',
    'm',
    '1h 30m',
    '5m] or vector(1)[5m',
    '-5m',
    '1.5h',
  ])('refuses %j', text => expect(parsePromDuration(text)).toBeUndefined());
});

describe('template parameters', () => {
  it('resolves given values over defaults', () => {
    expect(
      resolveParameters(schema, { threshold: 0.02, severity: 'page' }),
    ).toEqual({
      threshold: 0.02,
      quantile: 0.99,
      fraction: 0.5,
      for: '5m',
      severity: 'page',
    });
  });

  it('names an unknown parameter and lists the real ones', () => {
    expect(() => resolveParameters(schema, { treshold: 1 })).toThrow(
      /params\.treshold: is not a parameter of this template \(it has threshold, quantile/,
    );
  });

  it('requires required parameters', () => {
    expect(() =>
      resolveParameters({ ...schema, required: ['runbook'] }, {}),
    ).toThrow('params.runbook: is required');
  });

  // A value that lands in PromQL must never change the shape of the query.
  it.each([
    ['threshold', '0.05) or vector(1', /params\.threshold: must be a number/],
    ['threshold', Infinity, /must be a number/],
    ['threshold', -1, /must be at least 0/],
    ['quantile', 1, /quantile between 0 and 1/],
    ['fraction', 1.5, /ratio from 0 to 1/],
    ['for', '5m] or up[5m', /Prometheus duration/],
    ['for', 300, /Prometheus duration/],
    ['severity', 'critical', /must be one of page, ticket/],
    // eslint-disable-next-line no-script-url -- the script URL is the input under test
    ['runbook', 'javascript:alert(1)', /http\(s\) URL/],
    ['runbook', '/relative', /http\(s\) URL/],
    ['team', '{{ query "up" }}', /must not contain \{\{/],
  ])('refuses %s = %j', (name, value, message) => {
    expect(() =>
      checkParameterValue(name, schema.properties[name], value),
    ).toThrow(message);
  });

  it('keeps an http(s) runbook URL', () => {
    expect(
      checkParameterValue(
        'runbook',
        schema.properties.runbook,
        'https://runbooks.example/x',
      ),
    ).toBe('https://runbooks.example/x');
  });

  it('checks a schema, its names, kinds and defaults', () => {
    expect([...checkParameterSchema(schema).entries()]).toEqual([
      ['threshold', 'number'],
      ['quantile', 'quantile'],
      ['fraction', 'ratio'],
      ['for', 'duration'],
      ['severity', 'enum'],
      ['runbook', 'url'],
      ['team', 'text'],
    ]);
    expect(() =>
      checkParameterSchema({
        type: 'object',
        properties: { entity: { type: 'string' } },
      }),
    ).toThrow("parameters.properties.entity: 'entity' is reserved");
    expect(() => checkParameterSchema({ type: 'array' })).toThrow(
      'parameters.type',
    );
    expect(() =>
      checkParameterSchema({
        type: 'object',
        properties: { x: { type: 'boolean' } },
      }),
    ).toThrow('parameters.properties.x: type must be number or string');
    expect(() =>
      checkParameterSchema({
        type: 'object',
        properties: { 'bad-name': { type: 'number' } },
      }),
    ).toThrow('parameters.properties.bad-name');
    expect(() =>
      checkParameterSchema({
        type: 'object',
        properties: {
          w: { type: 'string', format: 'duration', default: 'soon' },
        },
      }),
    ).toThrow('parameters.properties.w: must be a Prometheus duration');
    expect(() =>
      checkParameterSchema({
        type: 'object',
        properties: { s: { type: 'string', enum: ['a"b'] } },
      }),
    ).toThrow('parameters.properties.s: enum must be');
  });
});
