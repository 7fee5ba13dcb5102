/*
 * What the scale suites ask of the running test bed: a signed-in user's token (through nginx),
 * a replica's own metrics, Alertmanager-shaped notifications, and the plugin's tables in
 * PostgreSQL, read directly to count what was stored.
 */
import { knex, Knex } from 'knex';
import type { ScaleStack } from './scaleStack';

export async function userToken(portalUrl: string): Promise<string> {
  const res = await fetch(`${portalUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`sign-in failed: HTTP ${res.status}`);
  const body = (await res.json()) as { backstageIdentity: { token: string } };
  return body.backstageIdentity.token;
}

/** A replica's /metrics, parsed to sum a metric over the series whose labels match. */
export async function replicaMetrics(baseUrl: string) {
  const res = await fetch(`${baseUrl}/api/observability/metrics`);
  if (!res.ok) throw new Error(`metrics of ${baseUrl}: HTTP ${res.status}`);
  const text = await res.text();
  const series = text
    .split('\n')
    .filter(line => line && !line.startsWith('#'))
    .map(line => {
      const m = /^([a-zA-Z_:][\w:]*)(\{([^}]*)\})? (\S+)$/.exec(line);
      if (!m) return undefined;
      const labels: Record<string, string> = {};
      for (const l of (m[3] ?? '').matchAll(/(\w+)="([^"]*)"/g)) {
        labels[l[1]] = l[2];
      }
      return { name: m[1], labels, value: Number(m[4]) };
    })
    .filter(<T>(s: T | undefined): s is T => Boolean(s));
  return {
    text,
    sum(name: string, match: Record<string, string> = {}): number {
      return series
        .filter(
          s =>
            s.name === name &&
            Object.entries(match).every(([k, v]) => s.labels[k] === v),
        )
        .reduce((total, s) => total + s.value, 0);
    },
  };
}

export interface TestAlert {
  alertname: string;
  fingerprint: string;
  job?: string;
  startsAt: string;
  status?: 'firing' | 'resolved';
}

/** One webhook notification as Alertmanager sends it (version 4). */
export function notification(alerts: TestAlert[]) {
  const status = alerts.every(a => a.status === 'resolved')
    ? 'resolved'
    : 'firing';
  return {
    version: '4',
    status,
    receiver: 'backstage',
    groupKey: `{}:{alertname="${alerts[0].alertname}"}`,
    alerts: alerts.map(a => ({
      status: a.status ?? 'firing',
      labels: {
        alertname: a.alertname,
        job: a.job ?? 'checkout',
        namespace: 'shop',
        severity: 'warning',
      },
      annotations: { summary: `${a.alertname} from the scale test` },
      startsAt: a.startsAt,
      endsAt:
        a.status === 'resolved'
          ? new Date().toISOString()
          : '0001-01-01T00:00:00Z',
      generatorURL: 'http://127.0.0.1:9090/graph',
      fingerprint: a.fingerprint,
    })),
  };
}

export async function postWebhook(
  baseUrl: string,
  token: string,
  body: unknown,
): Promise<number> {
  const res = await fetch(`${baseUrl}/api/observability/alerts/webhook`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

/** The observability plugin's own database of this run. */
export async function withPluginDatabase<T>(
  stack: ScaleStack,
  fn: (db: Knex) => Promise<T>,
): Promise<T> {
  const pg = stack.postgres;
  const db = knex({
    client: 'pg',
    connection: {
      host: pg.host,
      port: Number(pg.port),
      user: pg.user,
      password: pg.password,
      database: `${stack.databasePrefix}observability`,
    },
  });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

/** Alerts and their events by fingerprint, as stored. */
export async function storedByFingerprint(
  stack: ScaleStack,
  fingerprints: string[],
) {
  return withPluginDatabase(stack, async db => {
    const alerts = await db.raw(
      `select a.fingerprint, a.id, a.status,
              (select count(*) from observability_alert_events e
                where e.alert_id = a.id and e.type = 'fired')::int as fired,
              (select count(*) from observability_alert_events e
                where e.alert_id = a.id and e.type = 'resolved')::int as resolved
         from observability_alerts a where a.fingerprint = any(?)`,
      [fingerprints],
    );
    return alerts.rows as Array<{
      fingerprint: string;
      id: string;
      status: string;
      fired: number;
      resolved: number;
    }>;
  });
}

export const sleep = (ms: number) =>
  new Promise(resolve => setTimeout(resolve, ms));
