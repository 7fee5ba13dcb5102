import { parseSloAnnotation } from './sloSpec';

describe('parseSloAnnotation', () => {
  it('reads availability, latency and custom SLOs with defaults', () => {
    const slos = parseSloAnnotation(`
- name: availability
  objective: 99.9
  sli: availability
- name: latency
  objective: '99%'
  window: 28d
  sli: { type: latency, threshold: 300ms }
- name: custom
  objective: 99.5
  window: 7d
  sli:
    bad: sum(rate(jobs_failed_total[$__rate_interval]))
    total: sum(rate(jobs_total[$__rate_interval]))
`);
    expect(slos).toEqual([
      {
        name: 'availability',
        objectivePercent: 99.9,
        objective: 0.999,
        window: '30d',
        sli: { type: 'availability' },
      },
      {
        name: 'latency',
        objectivePercent: 99,
        objective: 0.99,
        window: '28d',
        sli: { type: 'latency', thresholdSeconds: 0.3 },
      },
      {
        name: 'custom',
        objectivePercent: 99.5,
        objective: 0.995,
        window: '7d',
        sli: {
          type: 'ratio',
          good: undefined,
          bad: 'sum(rate(jobs_failed_total[$__rate_interval]))',
          total: 'sum(rate(jobs_total[$__rate_interval]))',
        },
      },
    ]);
  });

  it.each([
    [
      'not: a list',
      'observability/slos: the annotation: must be a YAML list of SLOs',
    ],
    ['- [', 'observability/slos: not valid YAML'],
    ['- objective: 99', 'SLO #1 name: is required'],
    [
      '- { name: a, objective: 100, sli: availability }',
      "SLO 'a' objective: must be a percentage between 0 and 100",
    ],
    [
      '- { name: a, objective: 99, window: 90d, sli: availability }',
      "SLO 'a' window: must be one of 7d, 28d, 30d",
    ],
    [
      '- { name: a, objective: 99, sli: latency }',
      "SLO 'a' sli: a latency SLI needs a threshold",
    ],
    [
      '- { name: a, objective: 99, sli: { type: latency, threshold: fast } }',
      "SLO 'a' sli.threshold: must be a duration like 300ms",
    ],
    [
      '- { name: a, objective: 99, sli: { good: x } }',
      "SLO 'a' sli.total: is required",
    ],
    [
      '- { name: a, objective: 99, sli: { good: x, bad: y, total: z } }',
      "SLO 'a' sli: give exactly one of good or bad",
    ],
    [
      '- { name: a, objective: 99, sli: availability }\n- { name: a, objective: 98, sli: availability }',
      "SLO 'a' name: is used twice",
    ],
  ])('rejects %p naming the SLO and the field', (text, message) => {
    expect(() => parseSloAnnotation(text)).toThrow(message);
  });
});
