/*
 * The alert-ingest benchmark's workload, shared by the load generator (bench.ts, over HTTP) and
 * the in-process baselines (benchBackend.ts): Alertmanager webhook notifications (payload
 * version 4) as Alertmanager sends them, and the rows of a long alert history for seeding.
 * Everything is drawn from a seeded generator, so every arm sees the same kind of traffic.
 */
import { createHash } from 'node:crypto';
import type { IncomingAlert } from '../../../plugins/observability-backend/src/alerts/AlertStore';

/** The catalog of the benchmark: components svc-001 .. svc-200 in namespace `shop`. */
export const ENTITY_COUNT = 200;
export const entityName = (i: number) =>
  `svc-${String(i + 1).padStart(3, '0')}`;
export const entityRef = (i: number) => `component:default/${entityName(i)}`;
/** Rank 1 of the Zipf distribution below (the busiest) and rank 200 (the quietest). */
export const BUSY_ENTITY = 0;
export const QUIET_ENTITY = ENTITY_COUNT - 1;

/** The catalog file: one component per service, claiming its alerts by Prometheus selector. */
export function entitiesYaml(): string {
  const docs: string[] = [];
  for (let i = 0; i < ENTITY_COUNT; i++) {
    docs.push(
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        `  name: ${entityName(i)}`,
        '  annotations:',
        `    observability/prometheus-selector: '{job="${entityName(
          i,
        )}", namespace="shop"}'`,
        'spec:',
        '  type: service',
        '  lifecycle: production',
        `  owner: group:default/team-${(i % 20) + 1}`,
      ].join('\n'),
    );
  }
  return `${docs.join('\n---\n')}\n`;
}

/** xorshift32: small, fast and deterministic. Answers [0, 1). */
export function random(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

/** Entity index by a Zipf law (exponent 1): a few services raise most alerts. */
export function zipf(n: number, rand: () => number): () => number {
  const cdf: number[] = [];
  let sum = 0;
  for (let r = 1; r <= n; r++) {
    sum += 1 / r;
    cdf.push(sum);
  }
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

interface AlertKind {
  alertname: string;
  severity: string;
  /** Carries `backstage_entity`, as the generated SLO rules do. */
  entityLabel?: boolean;
  expr: (job: string) => string;
  summary: (job: string) => string;
}

const KINDS: AlertKind[] = [
  {
    alertname: 'HighErrorRatio',
    severity: 'page',
    expr: job =>
      `sum(rate(http_requests_total{job="${job}",code=~"5.."}[5m])) / sum(rate(http_requests_total{job="${job}"}[5m])) > 0.05`,
    summary: job => `${job} answers more than 5% errors`,
  },
  {
    alertname: 'HighLatencyP99',
    severity: 'ticket',
    expr: job =>
      `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="${job}"}[5m]))) > 1`,
    summary: job => `${job} p99 latency is above 1s`,
  },
  {
    alertname: 'KubePodCrashLooping',
    severity: 'page',
    expr: job =>
      `max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff",job="${job}"}[5m]) >= 1`,
    summary: job => `A ${job} pod is crash looping`,
  },
  {
    alertname: 'KubePodNotReady',
    severity: 'ticket',
    expr: job =>
      `sum by (namespace, pod) (kube_pod_status_phase{phase=~"Pending|Unknown",job="${job}"}) > 0`,
    summary: job => `A ${job} pod has been in a non-ready state for 15 minutes`,
  },
  {
    alertname: 'CPUThrottlingHigh',
    severity: 'info',
    expr: job =>
      `sum(increase(container_cpu_cfs_throttled_periods_total{container="${job}"}[5m])) / sum(increase(container_cpu_cfs_periods_total{container="${job}"}[5m])) > 0.25`,
    summary: job => `${job} is CPU throttled more than 25% of the time`,
  },
  {
    alertname: 'TargetDown',
    severity: 'ticket',
    expr: job => `up{job="${job}"} == 0`,
    summary: job => `A ${job} scrape target is down`,
  },
  {
    alertname: 'SLOErrorBudgetBurn',
    severity: 'page',
    entityLabel: true,
    expr: job =>
      `slo:sli_error:ratio_rate1h{job="${job}"} > (14.4 * 0.001) and slo:sli_error:ratio_rate5m{job="${job}"} > (14.4 * 0.001)`,
    summary: job => `${job} burns its 30-day error budget 14 times too fast`,
  },
];

const hex = (text: string, length: number) =>
  createHash('sha1').update(text).digest('hex').slice(0, length);

function alertContent(
  kind: AlertKind,
  entity: number,
  slot: string,
  rand: () => number,
) {
  const job = entityName(entity);
  const labels: Record<string, string> = {
    alertname: kind.alertname,
    severity: kind.severity,
    job,
    namespace: 'shop',
    prometheus: 'monitoring/k8s',
  };
  if (kind.entityLabel) {
    labels.backstage_entity = entityRef(entity);
    labels.slo = 'availability';
    labels.long_window = '1h';
  } else {
    labels.instance = `10.${(entity >> 4) + 10}.${(entity & 15) * 16 + 1}.${
      parseInt(slot.slice(0, 2), 16) % 250
    }:8080`;
    labels.pod = `${job}-${slot.slice(0, 10)}-${slot.slice(10, 15)}`;
    labels.container = job;
  }
  const value = (0.05 + rand()).toFixed(4);
  const annotations: Record<string, string> = {
    summary: kind.summary(job),
    description: `${kind.summary(
      job,
    )} (current value ${value}). Check the ${job} dashboard and recent deployments; the alert resolves by itself when the condition has been false for 5 minutes.`,
    runbook_url: `https://runbooks.example.com/shop/${kind.alertname.toLowerCase()}`,
    value,
  };
  return {
    labels,
    annotations,
    generatorURL: `http://prometheus-k8s.monitoring.svc:9090/graph?g0.expr=${encodeURIComponent(
      kind.expr(job),
    )}&g0.tab=1`,
  };
}

/** What the store derives from labels: the SLO label, else the entity claiming `job`. */
export const mappedEntity = (labels: Record<string, string>) =>
  labels.backstage_entity ?? `component:default/${labels.job}`;

export interface WebhookAlertJson {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

export interface WebhookPayload {
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: WebhookAlertJson[];
}

/** Alertmanager's "no end yet", sent for every alert still firing. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

interface ActiveAlert {
  fingerprint: string;
  startsAt: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorURL: string;
}

interface Group {
  kind: AlertKind;
  entity: number;
  active: ActiveAlert[];
}

/** The traffic mix, for the report. */
export const WORKLOAD_MIX = {
  groupsPerSender: 40,
  resolveProbability: 0.35,
  exactRedelivery: 0.05,
  unchangedRepeat: 0.1,
};

/**
 * One Alertmanager receiver's notifications, as a webhook sender sees them: each names an alert
 * group (alertname and job) and carries all of its alerts — the ones still firing again, the
 * ones that just resolved, and new ones, up to `batchSize`. A group changes with every
 * notification, except the `unchangedRepeat` share (repeat_interval: all firing again, nothing
 * new) and the `exactRedelivery` share (the previous notification sent again, as after a
 * timeout). Fingerprints are unique per `tag` and `sender`.
 */
export class NotificationSource {
  private readonly rand: () => number;
  private readonly groups: Group[] = [];
  private previous?: WebhookPayload;
  private counter = 0;

  constructor(
    private readonly options: {
      tag: string;
      sender: number;
      batchSize: number;
    },
  ) {
    this.rand = random(
      Number.parseInt(hex(`${options.tag}:${options.sender}`, 8), 16),
    );
    const pickEntity = zipf(ENTITY_COUNT, this.rand);
    for (let g = 0; g < WORKLOAD_MIX.groupsPerSender; g++) {
      this.groups.push({
        kind: KINDS[Math.floor(this.rand() * KINDS.length)],
        entity: pickEntity(),
        active: [],
      });
    }
  }

  next(nowMs: number): WebhookPayload {
    const { rand } = this;
    if (this.previous && rand() < WORKLOAD_MIX.exactRedelivery) {
      return this.previous;
    }
    const group = this.groups[Math.floor(rand() * this.groups.length)];
    const now = new Date(nowMs).toISOString();
    const alerts: WebhookAlertJson[] = [];
    if (group.active.length > 0 && rand() < WORKLOAD_MIX.unchangedRepeat) {
      for (const a of group.active) {
        alerts.push({ ...a, status: 'firing', endsAt: ZERO_TIME });
      }
    } else {
      const stillActive: ActiveAlert[] = [];
      for (const a of group.active) {
        if (rand() < WORKLOAD_MIX.resolveProbability) {
          alerts.push({ ...a, status: 'resolved', endsAt: now });
        } else {
          stillActive.push(a);
          alerts.push({ ...a, status: 'firing', endsAt: ZERO_TIME });
        }
      }
      // Every notification but a repeat changes the group: a full group resolves one alert.
      if (alerts.length === this.options.batchSize && stillActive.length) {
        const a = stillActive.pop()!;
        const i = alerts.findIndex(x => x.fingerprint === a.fingerprint);
        alerts[i] = { ...alerts[i], status: 'resolved', endsAt: now };
      }
      while (alerts.length < this.options.batchSize) {
        const slot = hex(
          `${this.options.tag}:${this.options.sender}:${this.counter++}`,
          16,
        );
        const fresh: ActiveAlert = {
          fingerprint: slot,
          // Alertmanager's group_wait: the alert started a little before the notification.
          startsAt: new Date(nowMs - Math.floor(rand() * 30_000)).toISOString(),
          ...alertContent(group.kind, group.entity, slot, rand),
        };
        stillActive.push(fresh);
        alerts.push({ ...fresh, status: 'firing', endsAt: ZERO_TIME });
      }
      group.active = stillActive;
    }
    const job = entityName(group.entity);
    const payload: WebhookPayload = {
      version: '4',
      groupKey: `{}/{severity=~"page|ticket|info"}:{alertname="${group.kind.alertname}", job="${job}"}`,
      truncatedAlerts: 0,
      status: alerts.some(a => a.status === 'firing') ? 'firing' : 'resolved',
      receiver: 'backstage',
      groupLabels: { alertname: group.kind.alertname, job },
      commonLabels: {
        alertname: group.kind.alertname,
        job,
        namespace: 'shop',
        severity: group.kind.severity,
      },
      commonAnnotations: {},
      externalURL: 'http://alertmanager-main.monitoring.svc:9093',
      alerts,
    };
    this.previous = payload;
    return payload;
  }
}

/** What the webhook route hands the store, without its validation and catalog lookup. */
export function toIncoming(payload: WebhookPayload): IncomingAlert[] {
  return payload.alerts.map(a => ({
    status: a.status,
    labels: a.labels,
    annotations: a.annotations,
    startsAt: new Date(a.startsAt),
    endsAt: a.endsAt === ZERO_TIME ? undefined : new Date(a.endsAt),
    generatorURL: a.generatorURL,
    fingerprint: a.fingerprint,
    entityRefs: [mappedEntity(a.labels)],
  }));
}

export const percentile = (sorted: number[], p: number) =>
  sorted.length
    ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
    : NaN;

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  mean: number;
}

export function summarize(latencies: number[]): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / (sorted.length || 1);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    mean: round(mean),
  };
}

/* ------------------------------------------------------------------------------------------ */
/* History seeding                                                                            */
/* ------------------------------------------------------------------------------------------ */

export interface SeedAlertRow {
  id: string;
  fingerprint: string;
  alertname: string;
  severity: string;
  labels: string;
  annotations: string;
  generator_url: string;
  status: 'firing' | 'resolved';
  starts_at: Date;
  ends_at: Date | null;
  updated_at: Date;
}

export interface SeedEventRow {
  alert_id: string;
  type: string;
  at: Date;
  actor: string;
  note: string | null;
  dedupe_key: string;
  silence_id: string | null;
  silence_ends_at: Date | null;
}

export interface SeedChunk {
  alerts: SeedAlertRow[];
  entities: Array<{
    alert_id: string;
    entity_ref: string;
    starts_at: Date;
    ends_at: Date | null;
    acknowledged_at: Date | null;
  }>;
  events: SeedEventRow[];
}

/** The history's shape, for the report. */
export const HISTORY_SHAPE = {
  distribution: 'Zipf (exponent 1) over the entities',
  durations:
    '90% exponential with mean 20 min, 10% with mean 8 h (at least 1 min); alerts not ended yet are firing',
  events:
    'fired, resolved; acknowledged for 25% (5% of those unacknowledged later); silenced for 3% (expired when the silence ended)',
  secondEntity: '5% of alerts belong to two entities',
};

const exp = (mean: number, rand: () => number) => -Math.log(1 - rand()) * mean;

/**
 * A history of alert instances over `days` before `nowMs`, yielded in chunks of `chunkAlerts`
 * alerts with their entity rows and events, until `events` events are made. Ids and dedupe keys
 * are made as the store makes them (`alertId` is the store's own).
 */
export function* seedHistory(options: {
  events: number;
  days: number;
  nowMs: number;
  seed: number;
  chunkAlerts: number;
  alertId: (fingerprint: string, startsAt: Date) => string;
}): Generator<SeedChunk> {
  const rand = random(options.seed);
  const pickEntity = zipf(ENTITY_COUNT, rand);
  const span = options.days * 86400_000;
  let made = 0;
  let n = 0;
  let chunk: SeedChunk = { alerts: [], entities: [], events: [] };
  while (made < options.events) {
    const entity = pickEntity();
    const kind = KINDS[Math.floor(rand() * KINDS.length)];
    const fingerprint = hex(`seed:${n++}`, 16);
    const start = options.nowMs - Math.floor(rand() * span);
    const duration = Math.max(
      60_000,
      exp(rand() < 0.9 ? 20 * 60_000 : 8 * 3600_000, rand),
    );
    const end = start + duration;
    const resolved = end <= options.nowMs;
    const startsAt = new Date(start);
    const id = options.alertId(fingerprint, startsAt);
    const content = alertContent(kind, entity, fingerprint, rand);
    const lastSeen = new Date(resolved ? end : options.nowMs);
    chunk.alerts.push({
      id,
      fingerprint,
      alertname: kind.alertname,
      severity: kind.severity,
      labels: JSON.stringify(content.labels),
      annotations: JSON.stringify(content.annotations),
      generator_url: content.generatorURL,
      status: resolved ? 'resolved' : 'firing',
      starts_at: startsAt,
      ends_at: resolved ? new Date(end) : null,
      updated_at: lastSeen,
    });
    // The links carry their alert's times, as the store writes them.
    const times = {
      starts_at: startsAt,
      ends_at: resolved ? new Date(end) : null,
      acknowledged_at: null as Date | null,
    };
    chunk.entities.push({
      alert_id: id,
      entity_ref: entityRef(entity),
      ...times,
    });
    if (rand() < 0.05) {
      const other = pickEntity();
      if (other !== entity) {
        chunk.entities.push({
          alert_id: id,
          entity_ref: entityRef(other),
          ...times,
        });
      }
    }
    const event = (
      type: string,
      at: number,
      actor: string,
      extra: Partial<SeedEventRow> = {},
      key = `${id}:${type}`,
    ) => {
      chunk.events.push({
        alert_id: id,
        type,
        at: new Date(at),
        actor,
        note: null,
        dedupe_key: key,
        silence_id: null,
        silence_ends_at: null,
        ...extra,
      });
      made += 1;
    };
    event('fired', start, 'webhook');
    if (resolved) event('resolved', end, 'webhook');
    const user = `user:default/oncall-${(entity % 20) + 1}`;
    if (rand() < 0.25) {
      const ackAt = start + Math.floor(rand() * Math.min(duration, 1800_000));
      if (ackAt < options.nowMs) {
        // The links carry the first acknowledgement, as the store writes it.
        for (const link of chunk.entities) {
          if (link.alert_id === id) link.acknowledged_at = new Date(ackAt);
        }
        event(
          'acknowledged',
          ackAt,
          user,
          {},
          `${id}:acknowledged:${ackAt}:${user}`,
        );
        if (rand() < 0.05 && ackAt + 60_000 < options.nowMs) {
          event(
            'unacknowledged',
            ackAt + 60_000,
            user,
            {},
            `${id}:unacknowledged:${ackAt + 60_000}:${user}`,
          );
        }
      }
    }
    if (rand() < 0.03) {
      const silenceId = hex(`silence:${id}`, 32);
      const silencedAt = start + 60_000;
      const silenceEnds = silencedAt + 4 * 3600_000;
      if (silencedAt < options.nowMs) {
        event(
          'silenced',
          silencedAt,
          user,
          { silence_id: silenceId, silence_ends_at: new Date(silenceEnds) },
          `${id}:silenced:${silenceId}`,
        );
        if (silenceEnds <= options.nowMs) {
          event(
            'silence_expired',
            silenceEnds,
            'alertmanager',
            { silence_id: silenceId },
            `${id}:silence_expired:${silenceId}`,
          );
        }
      }
    }
    if (chunk.alerts.length >= options.chunkAlerts) {
      yield chunk;
      chunk = { alerts: [], entities: [], events: [] };
    }
  }
  if (chunk.alerts.length) yield chunk;
}
