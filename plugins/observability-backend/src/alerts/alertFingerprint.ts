const OFFSET = 14695981039346656037n;
const PRIME = 1099511628211n;
const MASK = (1n << 64n) - 1n;
const SEPARATOR = 0xff;
const encoder = new TextEncoder();

/**
 * Alertmanager's fingerprint of a label set (prometheus/common `LabelSet.Fingerprint`): FNV-1a
 * 64 over the label names in order, each name and value followed by the byte 0xff, as 16 hex
 * digits. The reconciler uses it to name alerts it learns of from Prometheus's `ALERTS` series,
 * so they meet the same alerts delivered by the webhook.
 */
export function alertFingerprint(labels: Record<string, string>): string {
  let hash = OFFSET;
  const add = (byte: number) => {
    hash ^= BigInt(byte);
    hash = (hash * PRIME) & MASK;
  };
  for (const name of Object.keys(labels).sort()) {
    for (const b of encoder.encode(name)) add(b);
    add(SEPARATOR);
    for (const b of encoder.encode(labels[name])) add(b);
    add(SEPARATOR);
  }
  return hash.toString(16).padStart(16, '0');
}
