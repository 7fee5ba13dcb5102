/**
 * What the alert store can hold, in UTF-8 bytes. Alertmanager sends whatever Prometheus and its
 * rules produced and drops a notification the receiver refuses with a 4xx, so over-long text is
 * stored truncated and marked instead of refused. A value within its limit also fits the
 * varchar columns it is copied into (PostgreSQL counts characters, which are at most bytes).
 */
export const TEXT_LIMITS = {
  /** Label and annotation names (Prometheus sets no limit; real ones are short). */
  name: 1024,
  labelValue: 4096,
  annotationValue: 65536,
  /** The generator_url column. */
  generatorURL: 2048,
  /** The alertname column (the label itself keeps up to labelValue). */
  alertnameColumn: 255,
  /** The severity column. */
  severityColumn: 64,
};

const MARKER_PREFIX = '… [truncated by Backstage observability: ';
const MARKER_SUFFIX = ' bytes omitted]';
/** Ends a truncated value; readers (and tests) find truncated text with it. */
export const TRUNCATION_MARKER =
  /… \[truncated by Backstage observability: \d+ bytes omitted\]$/;

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Replaces what a database cannot store: NUL (PostgreSQL refuses it in text, SQLite would keep
 * it) and lone UTF-16 surrogates (each driver would replace them its own way) become U+FFFD.
 * Done here, before anything is mapped or stored, so both databases hold the same text.
 */
export function replaceUnstorable(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/\u0000/g, '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
}

const markerFor = (omitted: number) =>
  `${MARKER_PREFIX}${omitted}${MARKER_SUFFIX}`;

/** The largest cut at or below `end` that does not split a UTF-8 character. */
function boundary(bytes: Uint8Array, end: number): number {
  let cut = Math.max(0, end);
  while (cut > 0 && (bytes[cut] & 0xc0) === 0x80) cut -= 1;
  return cut;
}

/**
 * Keeps at most `limit` UTF-8 bytes of an already replaced value, marker included, cut at a
 * character boundary. Idempotent: a truncated value is within its limit.
 */
export function truncateBytes(value: string, limit: number): string {
  // Most values are short: no encoding needed to know they fit.
  if (value.length * 3 <= limit) return value;
  const bytes = utf8.encode(value);
  if (bytes.length <= limit) return value;
  // The marker names the bytes left out, so its length depends on the cut: settle both.
  let keep = boundary(bytes, limit);
  for (;;) {
    const marker = markerFor(bytes.length - keep);
    const markerBytes = utf8.encode(marker).length;
    if (keep + markerBytes <= limit) {
      return `${utf8Decoder.decode(bytes.subarray(0, keep))}${marker}`;
    }
    if (keep === 0) {
      // A limit smaller than the marker (none of ours): the limit still holds.
      return utf8Decoder.decode(bytes.subarray(0, boundary(bytes, limit)));
    }
    keep = boundary(bytes, Math.min(keep - 1, limit - markerBytes));
  }
}

/** A value made storable, and whether it was replaced in or truncated. */
export function storableText(
  value: string,
  limit: number,
): { text: string; replaced: boolean; truncated: boolean } {
  const replaced = replaceUnstorable(value);
  const text = truncateBytes(replaced, limit);
  return {
    text,
    replaced: replaced !== value,
    truncated: text !== replaced,
  };
}

/**
 * A label or annotation map made storable. Two names that become equal (truncated to the same
 * prefix, or differing only in a replaced character) stay two entries: the later one gets a
 * ` (2)` suffix. Maps arrive with their names in one order (Alertmanager sorts them), so a
 * redelivery yields the same map.
 */
export function storableMap(
  map: Record<string, string>,
  valueLimit: number,
  where: string,
  notes: string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(map)) {
    const n = storableText(name, TEXT_LIMITS.name);
    const v = storableText(value, valueLimit);
    let key = n.text;
    for (let i = 2; Object.prototype.hasOwnProperty.call(out, key); i++) {
      key = `${n.text} (${i})`;
    }
    if (key !== n.text)
      notes.push(`${where}.${key}: renamed, another name became the same`);
    if (n.truncated || v.truncated) notes.push(`${where}.${key}: truncated`);
    if (n.replaced || v.replaced)
      notes.push(`${where}.${key}: unstorable characters replaced`);
    out[key] = v.text;
  }
  return out;
}

/** The parts of an alert that carry text from Prometheus. */
export interface AlertText {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorURL?: string;
}

/**
 * An alert's text as the store holds it: unstorable characters replaced, over-long values
 * truncated and marked. Identity is untouched: an alert is its Alertmanager fingerprint (over
 * the labels as sent) and start, so two alerts whose labels truncate alike stay two, and every
 * redelivery of one alert is the same alert. `notes` collects what was changed, for the log.
 */
export function storableAlertText<T extends AlertText>(
  alert: T,
  notes: string[] = [],
  where = 'alert',
): T {
  const generatorURL =
    alert.generatorURL === undefined
      ? undefined
      : storableText(alert.generatorURL, TEXT_LIMITS.generatorURL);
  if (generatorURL?.truncated || generatorURL?.replaced)
    notes.push(`${where}.generatorURL: truncated or replaced`);
  return {
    ...alert,
    labels: storableMap(
      alert.labels,
      TEXT_LIMITS.labelValue,
      `${where}.labels`,
      notes,
    ),
    annotations: storableMap(
      alert.annotations,
      TEXT_LIMITS.annotationValue,
      `${where}.annotations`,
      notes,
    ),
    generatorURL: generatorURL?.text,
  };
}
