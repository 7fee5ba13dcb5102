import type { SignalUnit } from '@stagewatch/backstage-plugin-observability-common';

/** What a missing value (null, NaN, ±Infinity) is shown as. */
export const NO_VALUE = '—';

/**
 * About three significant digits, trailing zeros dropped: 12.34 → "12.3", 0.25 → "0.25",
 * 1234 → "1234". Callers scale into a unit first, so magnitudes are mostly 1..999.
 */
function short(n: number): string {
  if (n === 0) return '0';
  const abs = Math.abs(n);
  let text: string;
  if (abs >= 100) text = n.toFixed(0);
  else if (abs >= 10) text = n.toFixed(1);
  else if (abs >= 1) text = n.toFixed(2);
  else text = n.toPrecision(2);
  const num = Number(text);
  // Number() drops trailing zeros; `|| 0` turns -0 into 0.
  return String(num || 0);
}

/** Picks the largest step whose factor fits, e.g. 1536 bytes → 1.5 KiB. */
function scaled(
  value: number,
  steps: Array<[factor: number, suffix: string]>,
): string {
  const abs = Math.abs(value);
  const [factor, suffix] = steps.find(([f]) => abs >= f) ??
    steps[steps.length - 1] ?? [1, ''];
  return `${short(value / factor)}${suffix}`;
}

const SECONDS: Array<[number, string]> = [
  [1, ' s'],
  [1e-3, ' ms'],
  [1e-6, ' µs'],
  [1e-9, ' ns'],
];
const BYTES: Array<[number, string]> = [
  [1024 ** 4, ' TiB'],
  [1024 ** 3, ' GiB'],
  [1024 ** 2, ' MiB'],
  [1024, ' KiB'],
  [1, ' B'],
];
const SI: Array<[number, string]> = [
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
  [1, ''],
];

/**
 * Formats a value in its unit for axes, legends and tables. Pure; never throws.
 * seconds → ns/µs/ms/s, ratio (0..1) → percent, percent (0..100) → percent,
 * reqps → req/s, cores → cores, bytes → binary prefixes, count → k/M/G.
 */
export function formatValue(
  value: number | null | undefined,
  unit: SignalUnit,
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return NO_VALUE;
  }
  switch (unit) {
    case 'seconds':
      return value === 0 ? '0 s' : scaled(value, SECONDS);
    case 'ratio':
      return `${short(value * 100)}%`;
    case 'percent':
      return `${short(value)}%`;
    case 'reqps':
      return `${scaled(value, SI)} req/s`;
    case 'cores':
      return `${short(value)} ${value === 1 ? 'core' : 'cores'}`;
    case 'bytes':
      return scaled(value, BYTES);
    case 'count':
      return scaled(value, SI);
    default:
      // An unknown unit from a newer backend: still show the number.
      return short(value);
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Unix seconds as local "YYYY-MM-DD HH:mm:ss", for the table view. */
export function formatTime(unixSeconds: number): string {
  if (!Number.isFinite(unixSeconds)) return NO_VALUE;
  const d = new Date(unixSeconds * 1000);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}
