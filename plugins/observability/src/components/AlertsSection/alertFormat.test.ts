import {
  describeFiringCount,
  describePreset,
  formatActor,
  formatDuration,
  formatRelative,
  severityLevel,
  worstLevel,
} from './alertFormat';

describe('formatDuration', () => {
  it.each([
    [252, '4m 12s'],
    [3780, '1h 3m'],
    [3600, '1h'],
    [3629, '1h'],
    [45, '45s'],
    [0, '0s'],
    [2 * 86400 + 5 * 3600 + 59, '2d 5h'],
    [59.6, '1m'],
  ])('%p s → %p', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('shows a dash without a value', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
  });
});

describe('formatRelative', () => {
  it('says how long ago or how long until', () => {
    expect(formatRelative(1000, 1300)).toBe('5m ago');
    expect(formatRelative(4600, 1000)).toBe('in 1h');
    expect(formatRelative(1000, 1010)).toBe('just now');
  });
});

describe('formatActor', () => {
  it('shortens people and names the backend sources Alertmanager', () => {
    expect(formatActor('user:default/jane')).toBe('jane');
    expect(formatActor('user:ops/jane')).toBe('ops/jane');
    expect(formatActor('webhook')).toBe('Alertmanager');
    expect(formatActor('reconciler')).toBe('Alertmanager');
    expect(formatActor('group:default/sre')).toBe('group:sre');
    expect(formatActor('someone')).toBe('someone');
    expect(formatActor(null)).toBeNull();
  });
});

describe('severities', () => {
  it('ranks page and critical first, ticket and warning next', () => {
    expect(severityLevel('critical')).toBe('critical');
    expect(severityLevel('Page')).toBe('critical');
    expect(severityLevel('ticket')).toBe('warning');
    expect(severityLevel('warning')).toBe('warning');
    expect(severityLevel('info')).toBe('other');
    expect(severityLevel(null)).toBe('other');
  });

  it('finds the worst severity firing', () => {
    expect(
      worstLevel({ total: 3, bySeverity: { info: 1, ticket: 1, page: 1 } }),
    ).toBe('critical');
    expect(worstLevel({ total: 1, bySeverity: { warning: 1 } })).toBe(
      'warning',
    );
    expect(worstLevel({ total: 0, bySeverity: {} })).toBeUndefined();
    expect(worstLevel(undefined)).toBeUndefined();
  });

  it('describes the count, most urgent first and unlabelled alerts last', () => {
    expect(
      describeFiringCount({
        total: 4,
        bySeverity: { none: 1, warning: 1, info: 1, critical: 1 },
      }),
    ).toBe(
      '4 alerts firing (1 critical, 1 warning, 1 info, 1 without severity)',
    );
    expect(describeFiringCount({ total: 1, bySeverity: { page: 1 } })).toBe(
      '1 alert firing (1 page)',
    );
    expect(describeFiringCount({ total: 0, bySeverity: {} })).toBe(
      'No alerts firing',
    );
  });
});

describe('describePreset', () => {
  it('puts silence presets in words', () => {
    expect(describePreset('30m')).toBe('30 minutes');
    expect(describePreset('1h')).toBe('1 hour');
    expect(describePreset('1d')).toBe('1 day');
    expect(describePreset('7d')).toBe('7 days');
  });
});
