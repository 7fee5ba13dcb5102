/**
 * Prometheus label regexes evaluated in JavaScript. Prometheus compiles `^(?s:re)$` with Go's RE2;
 * we compile `^(?:re)$` with the `s` flag (so `.` matches newlines, as `(?s:` makes it) and the `u`
 * flag (code points, like RE2 on UTF-8, and a strict syntax that rejects escapes such as `\z`
 * or `\pL`, which mean something else to JavaScript). What JavaScript cannot read the same way
 * as RE2 is refused rather than guessed at.
 */

/** A regex we refuse to evaluate; `reason` says why in words. */
export class RegexNotSupportedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'RegexNotSupportedError';
  }
}

/**
 * Features JavaScript accepts but RE2 does not; a regex using them would mean one thing to us and
 * fail (or differ) in Prometheus. Scans outside character classes, skipping escapes.
 */
function findNonRe2Feature(source: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(next)) return `backreference \\${next}`;
      if (!inClass && next === 'k') return 'named backreference \\k<...>';
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      if (source[i + 1] === '^') i++;
      if (source[i + 1] === ']') i++; // a leading `]` is literal in RE2
    } else if (c === '(') {
      for (const look of ['(?=', '(?!', '(?<=', '(?<!']) {
        if (source.startsWith(look, i)) return `lookaround ${look}...)`;
      }
    }
  }
  return undefined;
}

/**
 * Compiles a Prometheus regex, fully anchored as Prometheus anchors it. A leading `(?i)` (common
 * in PromQL, unknown to JavaScript before ES2025) becomes the `i` flag.
 * Throws RegexNotSupportedError when the regex does not compile or is not RE2-compatible.
 */
export function compilePromRegex(source: string): RegExp {
  let body = source;
  let flags = 'su';
  if (body.startsWith('(?i)')) {
    body = body.slice(4);
    flags += 'i';
  }
  const feature = findNonRe2Feature(body);
  if (feature) {
    throw new RegexNotSupportedError(
      `uses ${feature}, which RE2 (Prometheus) does not support`,
    );
  }
  try {
    // Compile alone first (RegExp() throws on bad syntax): `a)|(b` would otherwise close our
    // anchoring group and escape `^...$`.
    RegExp(body, flags);
    return new RegExp(`^(?:${body})$`, flags);
  } catch (e) {
    throw new RegexNotSupportedError(
      `does not compile: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

const LITERAL_ALTERNATION = /^[^\\^$.|?*+()[\]{}]*(?:\|[^\\^$.|?*+()[\]{}]*)*$/;

/**
 * The alternatives of a regex made only of plain literals joined by `|` (e.g. `prod|staging`), or
 * undefined when it contains any other regex syntax. Such a regex matches exactly these strings.
 */
export function literalAlternatives(source: string): string[] | undefined {
  return LITERAL_ALTERNATION.test(source) ? source.split('|') : undefined;
}
