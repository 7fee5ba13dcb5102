import { labelsMatch, unionScope } from './unionScope';

describe('unionScope', () => {
  it('is a regex alternation of the escaped values, one matcher per label', () => {
    const union = unionScope(
      [
        [
          { name: 'job', op: '=', value: 'checkout' },
          { name: 'namespace', op: '=', value: 'shop' },
        ],
        [
          { name: 'job', op: '=', value: 'pay.ments' },
          { name: 'namespace', op: '=', value: 'shop' },
        ],
      ],
      ['job', 'namespace'],
    );
    expect(union).toEqual([
      { name: 'job', op: '=~', value: 'checkout|pay\\.ments' },
      { name: 'namespace', op: '=~', value: 'shop' },
    ]);
  });

  it('wraps regex matchers in groups so the union admits nothing more than its parts', () => {
    const union = unionScope(
      [
        [{ name: 'job', op: '=~', value: 'a|b' }],
        [{ name: 'job', op: '=', value: 'c' }],
      ],
      ['job'],
    );
    expect(union[0].value).toBe('(?:a|b)|c');
    const matcher = union;
    expect(labelsMatch({ job: 'a' }, matcher)).toBe(true);
    expect(labelsMatch({ job: 'c' }, matcher)).toBe(true);
    expect(labelsMatch({ job: 'ab' }, matcher)).toBe(false);
  });
});

describe('labelsMatch', () => {
  it('anchors regexes fully and treats a missing label as empty', () => {
    expect(
      labelsMatch({ job: 'checkout' }, [
        { name: 'job', op: '=~', value: 'check' },
      ]),
    ).toBe(false);
    expect(
      labelsMatch({ job: 'checkout' }, [
        { name: 'job', op: '=~', value: 'check.*' },
      ]),
    ).toBe(true);
    expect(labelsMatch({}, [{ name: 'env', op: '=', value: '' }])).toBe(true);
    expect(
      labelsMatch({ job: 'x' }, [{ name: 'job', op: '!=', value: 'x' }]),
    ).toBe(false);
  });
});
