/**
 * Grafana's interval variables, so profiles and people can write PromQL the way they do in
 * dashboards. `$__interval` is the step; `$__rate_interval` is at least four scrape intervals
 * (a rate needs two samples, with headroom for a missed scrape) and one step plus one scrape
 * interval, so consecutive points never skip samples.
 *
 * @public
 */
export function rateIntervalSeconds(
  stepSeconds: number,
  scrapeIntervalSeconds: number,
): number {
  return Math.max(
    stepSeconds + scrapeIntervalSeconds,
    4 * scrapeIntervalSeconds,
  );
}

/** @public */
export function formatDuration(seconds: number): string {
  const whole = Math.max(1, Math.round(seconds));
  if (whole % 3600 === 0) return `${whole / 3600}h`;
  if (whole % 60 === 0) return `${whole / 60}m`;
  return `${whole}s`;
}

/**
 * Replaces `$__rate_interval`, `$__interval` and their `${...}` forms.
 *
 * @public
 */
export function substituteIntervals(
  query: string,
  options: { stepSeconds: number; scrapeIntervalSeconds: number },
): string {
  const rate = formatDuration(
    rateIntervalSeconds(options.stepSeconds, options.scrapeIntervalSeconds),
  );
  const interval = formatDuration(options.stepSeconds);
  return query
    .replace(/\$\{__rate_interval\}|\$__rate_interval\b/g, rate)
    .replace(/\$\{__interval\}|\$__interval\b/g, interval);
}
