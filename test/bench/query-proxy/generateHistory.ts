/*
 * Writes 7 days of synthetic HTTP metrics in OpenMetrics format, for
 * `promtool tsdb create-blocks-from openmetrics`: 40 label sets (8 routes x 5 instances) of a
 * 13-bucket latency histogram and a request counter, one sample every 5 minutes. That is 680
 * series and about 1.4 million samples, so "p99 over 7 days" makes Prometheus read real data.
 */
import { createWriteStream } from 'node:fs';

const buckets = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2.5, 5, 10,
];
const routes = Array.from({ length: 8 }, (_, i) => `/api/r${i}`);
const instances = Array.from({ length: 5 }, (_, i) => `10.0.0.${i + 1}:8080`);
const interval = 300;
const days = 7;

async function main() {
  const [out, endArg] = process.argv.slice(2);
  const end =
    Math.floor(Number(endArg ?? Date.now() / 1000) / interval) * interval;
  const start = end - days * 86400;
  const stream = createWriteStream(out);
  const write = (line: string) =>
    stream.write(line)
      ? Promise.resolve()
      : new Promise<void>(r => stream.once('drain', () => r()));

  await write('# HELP bench_http_request_duration_seconds Request duration\n');
  await write('# TYPE bench_http_request_duration_seconds histogram\n');
  for (const route of routes) {
    for (const instance of instances) {
      const labels = `job="bench",namespace="shop",route="${route}",instance="${instance}"`;
      const median = 0.02 + routes.indexOf(route) * 0.015;
      // Cumulative counts grow by a per-interval amount shaped like a log-normal latency.
      const perInterval = 300 * (2 + instances.indexOf(instance));
      const shares = buckets.map(le => {
        const z = Math.log(le / median) / 0.6;
        return 0.5 * (1 + Math.tanh(z * 0.8));
      });
      for (let b = 0; b <= buckets.length; b += 1) {
        const le = b < buckets.length ? String(buckets[b]) : '+Inf';
        const share = b < buckets.length ? shares[b] : 1;
        let count = 0;
        for (let t = start; t <= end; t += interval) {
          count += Math.round(
            perInterval * share * (1 + 0.3 * Math.sin(t / 3600)),
          );
          await write(
            `bench_http_request_duration_seconds_bucket{${labels},le="${le}"} ${count} ${t}\n`,
          );
        }
      }
    }
  }
  await write('# HELP bench_http_requests Requests\n');
  await write('# TYPE bench_http_requests counter\n');
  for (const route of routes) {
    for (const instance of instances) {
      const labels = `job="bench",namespace="shop",route="${route}",instance="${instance}"`;
      let count = 0;
      for (let t = start; t <= end; t += interval) {
        count += Math.round(
          300 *
            (2 + instances.indexOf(instance)) *
            (1 + 0.3 * Math.sin(t / 3600)),
        );
        await write(`bench_http_requests_total{${labels}} ${count} ${t}\n`);
      }
    }
  }
  await write('# EOF\n');
  await new Promise<void>(resolve => stream.end(() => resolve()));
}

main().catch(error => {
  process.stderr.write(`${error}\n`);
  process.exit(1);
});
