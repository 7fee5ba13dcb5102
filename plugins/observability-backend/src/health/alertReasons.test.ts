import { alertReason, withAlerts } from './alertReasons';

describe('firing alerts in the verdict', () => {
  it('is critical with a paging severity and says what fires', () => {
    expect(
      alertReason({ total: 3, bySeverity: { critical: 1, warning: 2 } }),
    ).toEqual({
      signal: 'alerts',
      severity: 'critical',
      value: 3,
      message: '3 alerts firing (2 warning, 1 critical)',
    });
  });

  it('degrades without a paging severity, and says nothing with none firing', () => {
    expect(alertReason({ total: 1, bySeverity: { none: 1 } })).toMatchObject({
      severity: 'degraded',
      message: '1 alert firing (1 without severity)',
    });
    expect(alertReason({ total: 0, bySeverity: {} })).toBeUndefined();
  });

  it('makes a healthy entity critical and keeps the worst reason first', () => {
    const health = withAlerts(
      {
        verdict: 'degraded',
        reasons: [{ signal: 'errorRatio', severity: 'degraded', message: 'x' }],
      },
      { total: 1, bySeverity: { page: 1 } },
    );
    expect(health.verdict).toBe('critical');
    expect(health.reasons.map(r => r.signal)).toEqual(['alerts', 'errorRatio']);
  });
});
