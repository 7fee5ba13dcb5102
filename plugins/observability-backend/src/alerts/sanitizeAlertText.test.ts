import {
  replaceUnstorable,
  storableAlertText,
  storableMap,
  TEXT_LIMITS,
  TRUNCATION_MARKER,
  truncateBytes,
} from './sanitizeAlertText';
import { silenceMatchers } from './silenceMatchers';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('truncateBytes', () => {
  it('keeps what fits as it is', () => {
    expect(truncateBytes('short', 64)).toBe('short');
    expect(truncateBytes('é'.repeat(32), 64)).toBe('é'.repeat(32));
  });

  it('keeps at most the limit in bytes, marker included, and says how much was left out', () => {
    for (const limit of [64, 255, 4096, 65536]) {
      for (const value of [
        'x'.repeat(limit + 1),
        'é'.repeat(limit),
        '😀'.repeat(limit),
        `${'a'.repeat(limit - 2)}€€€`,
      ]) {
        const out = truncateBytes(value, limit);
        expect(bytes(out)).toBeLessThanOrEqual(limit);
        expect(out).toMatch(TRUNCATION_MARKER);
        const kept = out.replace(TRUNCATION_MARKER, '');
        // Never half a character, always a prefix of what was sent.
        expect(value.startsWith(kept)).toBe(true);
        expect(kept).not.toContain('\uFFFD');
        const omitted = Number(/: (\d+) bytes omitted/.exec(out)![1]);
        expect(omitted).toBe(bytes(value) - bytes(kept));
        // Idempotent: what the store holds is storable as it is.
        expect(truncateBytes(out, limit)).toBe(out);
      }
    }
  });

  it('still bounds a value by a limit smaller than the marker', () => {
    expect(truncateBytes('x'.repeat(100), 10)).toBe('x'.repeat(10));
  });
});

describe('replaceUnstorable', () => {
  it('replaces NUL and lone surrogates with U+FFFD and keeps the rest', () => {
    expect(replaceUnstorable('a\u0000b\u0000')).toBe('a\uFFFDb\uFFFD');
    expect(replaceUnstorable('x\ud800y\udc00z')).toBe('x\uFFFDy\uFFFDz');
    expect(replaceUnstorable('ok 😀 \t\n\u0001')).toBe('ok 😀 \t\n\u0001');
  });
});

describe('storableMap', () => {
  it('keeps names that become equal apart, the same way on every delivery', () => {
    const long = 'n'.repeat(TEXT_LIMITS.name + 10);
    const map = {
      [`${long}a`]: '1',
      [`${long}b`]: '2',
      'k\u0000': '3',
      'k\uFFFD': '4',
    };
    const notes: string[] = [];
    const out = storableMap(map, 100, 'labels', notes);
    expect(Object.values(out)).toEqual(['1', '2', '3', '4']);
    expect(Object.keys(out)).toHaveLength(4);
    expect(storableMap(map, 100, 'labels', [])).toEqual(out);
    expect(notes.length).toBeGreaterThanOrEqual(4);
  });
});

describe('storableAlertText', () => {
  it('changes only the text, never what identifies the alert, and says what it changed', () => {
    const alert = {
      fingerprint: 'abc',
      startsAt: new Date(0),
      labels: { alertname: 'X', pod: 'p'.repeat(5000) },
      annotations: { d: 'd'.repeat(70_000), nul: 'a\u0000' },
      generatorURL: 'http://x/?q=1',
    };
    const notes: string[] = [];
    const out = storableAlertText(alert, notes, 'alerts[0]');
    expect(out.fingerprint).toBe('abc');
    expect(out.startsAt).toBe(alert.startsAt);
    expect(out.generatorURL).toBe('http://x/?q=1');
    expect(out.labels.pod).toMatch(TRUNCATION_MARKER);
    expect(out.annotations.d).toMatch(TRUNCATION_MARKER);
    expect(out.annotations.nul).toBe('a\uFFFD');
    expect(notes).toEqual([
      'alerts[0].labels.pod: truncated',
      'alerts[0].annotations.d: truncated',
      'alerts[0].annotations.nul: unstorable characters replaced',
    ]);
    expect(storableAlertText(out)).toEqual(out);
  });
});

describe('silenceMatchers', () => {
  it('matches stored labels exactly, and altered ones by what is known of them', () => {
    const labels = storableAlertText({
      labels: {
        alertname: 'Disk.Full',
        device: 'sda\u0000',
        pod: `${'p'.repeat(5000)}(x)`,
      },
      annotations: {},
    }).labels;
    const matchers = silenceMatchers(labels);
    expect(matchers[0]).toEqual({
      name: 'alertname',
      value: 'Disk.Full',
      isRegex: false,
      isEqual: true,
    });
    expect(matchers[1]).toEqual({
      name: 'device',
      value: 'sda(?s:.)',
      isRegex: true,
      isEqual: true,
    });
    expect(matchers[2].isRegex).toBe(true);
    // Go's RE2 and JavaScript agree on this subset: the regex matches the value as sent.
    const re = new RegExp(
      `^(?:${matchers[2].value.replace(/\(\?s:\.\*\)$/, '[^]*')})$`,
    );
    expect(re.test(`${'p'.repeat(5000)}(x)`)).toBe(true);
    expect(re.test('p')).toBe(false);
  });
});
