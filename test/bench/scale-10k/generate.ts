/*
 * The synthetic 10,000-service estate of the scale bench:
 *   catalog.yaml                 10,000 annotated components (and their 100 owning groups) over
 *                                two Prometheus instances and three profiles (prom-client-http,
 *                                otel-http, and a custom nginx profile the bench config defines);
 *                                half of them have an availability SLO
 *   <instance>.om                their metrics in OpenMetrics, for
 *                                `promtool tsdb create-blocks-from openmetrics`: about 7 series a
 *                                service, one sample every 2 minutes from 40 minutes before `end`
 *                                to 2 hours after it, so "now" has data for the whole bench run
 * Usage: generate.ts <outDir> <endUnixSeconds> [services]
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const INSTANCES = ['bench-a', 'bench-b'];
export const PROFILES = ['prom-client-http', 'otel-http', 'nginx'];
export const GROUPS = 100;
export const SYSTEMS = 200;
export const STEP_SECONDS = 120;

export const serviceName = (i: number) => `svc-${String(i).padStart(5, '0')}`;
export const instanceOf = (i: number) => INSTANCES[i % INSTANCES.length];
export const profileOf = (i: number) =>
  PROFILES[Math.floor(i / INSTANCES.length) % PROFILES.length];
export const ownerOf = (i: number) =>
  `team-${String(i % GROUPS).padStart(3, '0')}`;

function catalog(services: number): string {
  const docs: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    docs.push(`apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: ${ownerOf(g)}
spec:
  type: team
  children: []`);
  }
  for (let i = 0; i < services; i++) {
    const slo =
      i % 2 === 0
        ? `
    observability/slos: |
      - name: availability
        objective: 99.9
        sli: availability`
        : '';
    docs.push(`apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${serviceName(i)}
  annotations:
    observability/prometheus-instance: ${instanceOf(i)}
    observability/profile: ${profileOf(i)}
    observability/prometheus-selector: '{job="${serviceName(
      i,
    )}", namespace="shop"}'${slo}
spec:
  type: service
  lifecycle: production
  owner: ${ownerOf(i)}
  system: system-${String(i % SYSTEMS).padStart(3, '0')}`);
  }
  return `${docs.join('\n---\n')}\n`;
}

/** One family's samples for every service of an instance, series by series. */
type Family = {
  name: string;
  type: 'counter' | 'histogram' | 'gauge';
  series: (
    i: number,
  ) => Array<{ labels: string; value: (k: number) => number }>;
};

const buckets = ['0.1', '0.5', '+Inf'];
const share = { '0.1': 0.7, '0.5': 0.97, '+Inf': 1 } as Record<string, number>;
// Requests per step; a few services fail a lot and are slow, so verdicts differ.
const perStep = (i: number) => 60 * (1 + (i % 7));
const errorShare = (i: number) =>
  i % 97 === 0 ? 0.2 : i % 13 === 0 ? 0.02 : 0.001;

function families(profile: string): Family[] {
  const base = (i: number) =>
    `job="${serviceName(i)}",namespace="shop",instance="10.0.${Math.floor(
      i / 250,
    )}.${i % 250}:8080"`;
  const histogram = (name: string, statusLabel?: string): Family => ({
    name,
    type: 'histogram',
    series: i =>
      buckets.map(le => ({
        labels: `${base(i)},le="${le}"${
          statusLabel ? `,${statusLabel}="200"` : ''
        }`,
        value: k => Math.round(k * perStep(i) * share[le]),
      })),
  });
  const requests = (name: string, statusLabel: string): Family => ({
    name,
    type: 'counter',
    series: i => [
      {
        labels: `${base(i)},${statusLabel}="200"`,
        value: k => Math.round(k * perStep(i) * (1 - errorShare(i))),
      },
      {
        labels: `${base(i)},${statusLabel}="500"`,
        value: k => Math.round(k * perStep(i) * errorShare(i)),
      },
    ],
  });
  const up: Family = {
    name: 'up',
    type: 'gauge',
    series: i => [{ labels: base(i), value: () => 1 }],
  };
  if (profile === 'prom-client-http') {
    return [
      requests('http_requests', 'status_code'),
      histogram('http_request_duration_seconds'),
      {
        name: 'process_cpu_seconds',
        type: 'counter',
        series: i => [{ labels: base(i), value: k => k * 12 * (1 + (i % 3)) }],
      },
      up,
    ];
  }
  if (profile === 'otel-http') {
    return [
      {
        // The histogram's _count by status is the request counter of this profile.
        name: 'http_server_request_duration_seconds',
        type: 'histogram',
        series: i =>
          buckets.map(le => ({
            labels: `${base(i)},le="${le}"`,
            value: k => Math.round(k * perStep(i) * share[le]),
          })),
      },
      {
        name: 'http_server_active_requests',
        type: 'gauge',
        series: i => [{ labels: base(i), value: () => 3 + (i % 5) }],
      },
      up,
    ];
  }
  return [
    requests('nginx_http_requests', 'status'),
    histogram('nginx_http_request_duration_seconds'),
    {
      name: 'nginx_connections_active',
      type: 'gauge',
      series: i => [{ labels: base(i), value: () => 10 + (i % 11) }],
    },
    up,
  ];
}

async function writeInstance(
  file: string,
  indices: number[],
  start: number,
  end: number,
) {
  const stream = createWriteStream(file);
  let buffer = '';
  const flush = async (force = false) => {
    if (buffer.length < 1 << 20 && !force) return;
    const chunk = buffer;
    buffer = '';
    if (!stream.write(chunk)) {
      await new Promise<void>(r => stream.once('drain', () => r()));
    }
  };
  const steps: number[] = [];
  for (let t = start; t <= end; t += STEP_SECONDS) steps.push(t);
  // OpenMetrics wants each family once: every profile's families, each over its services.
  const byFamily = new Map<string, { family: Family; services: number[] }>();
  for (const i of indices) {
    for (const family of families(profileOf(i))) {
      const entry = byFamily.get(family.name) ?? { family, services: [] };
      entry.services.push(i);
      byFamily.set(family.name, entry);
    }
  }
  for (const { family, services } of byFamily.values()) {
    buffer += `# TYPE ${family.name} ${family.type}\n`;
    for (const i of services) {
      for (const series of family.series(i)) {
        const metric =
          family.type === 'counter'
            ? `${family.name}_total`
            : family.type === 'histogram'
            ? `${family.name}_bucket`
            : family.name;
        for (let k = 0; k < steps.length; k++) {
          buffer += `${metric}{${series.labels}} ${series.value(k + 1)} ${
            steps[k]
          }\n`;
        }
        await flush();
      }
      if (family.type === 'histogram') {
        // _count carries the status for the otel profile's request and error rates.
        for (const status of ['200', '500']) {
          const part = status === '200' ? 1 - errorShare(i) : errorShare(i);
          const statusLabel =
            family.name === 'http_server_request_duration_seconds'
              ? `,http_response_status_code="${status}"`
              : '';
          if (!statusLabel && status === '500') continue;
          for (let k = 0; k < steps.length; k++) {
            buffer += `${family.name}_count{job="${serviceName(
              i,
            )}",namespace="shop"${statusLabel}} ${Math.round(
              (k + 1) * perStep(i) * (statusLabel ? part : 1),
            )} ${steps[k]}\n`;
          }
        }
        await flush();
      }
    }
  }
  buffer += '# EOF\n';
  await flush(true);
  await new Promise<void>(resolve => stream.end(() => resolve()));
}

async function main() {
  const [outDir, endArg, countArg] = process.argv.slice(2);
  const services = Number(countArg ?? 10_000);
  const end = Math.floor(Number(endArg) / STEP_SECONDS) * STEP_SECONDS;
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'catalog.yaml'), catalog(services));
  for (const instance of INSTANCES) {
    const indices = Array.from({ length: services }, (_, i) => i).filter(
      i => instanceOf(i) === instance,
    );
    await writeInstance(
      path.join(outDir, `${instance}.om`),
      indices,
      end - 40 * 60,
      end + 2 * 3600,
    );
  }
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
