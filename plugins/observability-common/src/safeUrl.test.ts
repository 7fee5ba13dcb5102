/* eslint-disable no-script-url -- script URLs are what these tests feed in */
import { safeHttpUrl } from './safeUrl';

describe('safeHttpUrl', () => {
  it.each([
    [
      'https://runbooks.example.com/high-error-rate',
      'https://runbooks.example.com/high-error-rate',
    ],
    [
      'http://prometheus:9090/graph?g0.expr=up%3D%3D0&g0.tab=1',
      'http://prometheus:9090/graph?g0.expr=up%3D%3D0&g0.tab=1',
    ],
    ['HTTPS://Example.COM/Run#step-2', 'https://example.com/Run#step-2'],
    ['https://example.com', 'https://example.com/'],
    [
      '  https://example.com/trailing-newline\n',
      'https://example.com/trailing-newline',
    ],
    ['https://[::1]:8443/x', 'https://[::1]:8443/x'],
    ['https://bücher.example/', 'https://xn--bcher-kva.example/'],
  ])('accepts %j as %j', (value, expected) => {
    expect(safeHttpUrl(value)).toBe(expected);
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(document.domain)',
    ' javascript:alert(1)',
    '\u0001javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'java\rscript:alert(1)',
    'jav&#x61;script:alert(1)',
    'javascript://https://example.com/%0aalert(1)',
    'javascript:https://example.com',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'ftp://example.com/file',
    'mailto:oncall@example.com',
    'blob:https://example.com/uuid',
    'http:',
    'https://',
    'http://exa\tmple.com/',
    'https://example.com/\u0000',
    'https://example.com/\u200bhidden',
    'https://example.com/\u2028x',
    'https://example.com/a b',
    '//evil.example.com/path',
    '/relative/path',
    'runbooks/high-error-rate.md',
    '',
    '   ',
  ])('refuses %j', value => {
    expect(safeHttpUrl(value)).toBeUndefined();
  });

  it.each([
    undefined,
    null,
    42,
    {},
    ['https://example.com'],
    new URL('https://example.com'),
  ])('refuses the non-string %p', value => {
    expect(safeHttpUrl(value)).toBeUndefined();
  });

  it('returns only http and https URLs, whatever the input', () => {
    const schemes = ['javascript', 'data', 'vbscript', 'http', 'https', 'file'];
    const noise = [
      '',
      ' ',
      '\t',
      '\n',
      '\u0000',
      '\u00a0',
      '\ufeff',
      '%20',
      '&colon;',
    ];
    const results = schemes.flatMap(scheme =>
      noise.flatMap(before =>
        noise.map(inside =>
          safeHttpUrl(
            `${before}${scheme.slice(0, 2)}${inside}${scheme.slice(
              2,
            )}://example.com/`,
          ),
        ),
      ),
    );
    const protocols = results
      .filter((r): r is string => r !== undefined)
      .map(r => new URL(r).protocol);
    expect(new Set(protocols)).toEqual(new Set(['http:', 'https:']));
  });
});
