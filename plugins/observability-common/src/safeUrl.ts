/**
 * Alert annotations, `generatorURL`s, rule templates' runbooks and trace links are written by
 * whoever writes a rule or configures a data source, so a URL from them must never become a link
 * that runs script (`javascript:`) or renders a document (`data:`) in the portal's origin.
 */

const WEB_PROTOCOLS = new Set(['http:', 'https:']);

/**
 * Whitespace and control characters inside the value. The URL parser strips leading C0 controls
 * and spaces and drops tabs and newlines anywhere, which is how `" javascript:"` and
 * `"java\tscript:"` run script in a browser; such a value is refused rather than reasoned about.
 */
const HIDDEN_CHARACTERS =
  // eslint-disable-next-line no-control-regex
  /[\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2060\ufeff]/u;

/**
 * The value as an absolute `http:` or `https:` URL that is safe to put in an `href`, or
 * `undefined` when it is anything else (another scheme, a relative or protocol-relative URL,
 * hidden characters, not a string). Surrounding whitespace is ignored; the result is the
 * parser's serialization, so the link goes exactly where was checked.
 *
 * @public
 */
export function safeHttpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed === '' || HIDDEN_CHARACTERS.test(trimmed)) return undefined;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (!WEB_PROTOCOLS.has(url.protocol) || url.hostname === '') return undefined;
  return url.href;
}
