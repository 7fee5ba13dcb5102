import { createHash } from 'node:crypto';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { WebhookAlert } from './parseWebhook';

export type AlertEventType =
  | 'fired'
  | 'resolved'
  | 'acknowledged'
  | 'unacknowledged'
  | 'silenced'
  | 'silence_expired';

export interface StoredAlertEvent {
  type: AlertEventType;
  at: Date;
  actor: string | null;
  note: string | null;
}

export interface StoredAlert {
  id: string;
  fingerprint: string;
  alertname: string;
  severity: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorURL: string | null;
  status: 'firing' | 'resolved';
  startsAt: Date;
  endsAt: Date | null;
  entityRefs: string[];
  events: StoredAlertEvent[];
}

export interface IncomingAlert extends WebhookAlert {
  /** The entities the alert belongs to, computed at ingest. */
  entityRefs: string[];
}

const migrationsDir = resolvePackagePath(
  '@internal/backstage-plugin-observability-backend',
  'migrations',
);

/** SQLite hands timestamps back as epoch milliseconds, PostgreSQL as Date. */
const toDate = (v: unknown): Date =>
  v instanceof Date ? v : new Date(typeof v === 'string' ? v : Number(v));

const chunks = <T>(items: T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
};

/**
 * Durable alert history on knex (SQLite and PostgreSQL). Writes are idempotent: an alert
 * instance's id is derived from its fingerprint and start, and every event has a unique dedupe
 * key, so the same notification stored twice, or by two replicas at once, records one transition.
 */
export class AlertStore {
  private constructor(private readonly db: Knex) {}

  static async create(database: DatabaseService): Promise<AlertStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new AlertStore(client);
  }

  /** For tests that bring their own knex (TestDatabases). */
  static async forKnex(knex: Knex): Promise<AlertStore> {
    await knex.migrate.latest({ directory: migrationsDir });
    return new AlertStore(knex);
  }

  /** An alert instance: one fingerprint from a firing until it resolves. */
  static alertId(fingerprint: string, startsAt: Date): string {
    return createHash('sha256')
      .update(`${fingerprint}|${startsAt.toISOString()}`)
      .digest('hex');
  }

  async ping(): Promise<void> {
    await this.db.raw('select 1');
  }

  /**
   * Stores alerts as a notification or the reconciler saw them, in one transaction: nothing of a
   * notification is stored unless all of it is. `actor` says which path saw the transition.
   */
  async record(
    alerts: IncomingAlert[],
    options: { actor: string; now?: Date },
  ): Promise<void> {
    if (alerts.length === 0) return;
    const now = options.now ?? new Date();
    const rows = alerts.map(a => ({
      alert: a,
      id: AlertStore.alertId(a.fingerprint, a.startsAt),
    }));
    await this.db.transaction(async tx => {
      for (const part of chunks(rows, 50)) {
        await tx('observability_alerts')
          .insert(
            part.map(({ alert, id }) => ({
              id,
              fingerprint: alert.fingerprint,
              alertname: alert.labels.alertname,
              severity: alert.labels.severity ?? null,
              labels: JSON.stringify(alert.labels),
              annotations: JSON.stringify(alert.annotations),
              generator_url: alert.generatorURL ?? null,
              status: alert.status,
              starts_at: alert.startsAt,
              ends_at: alert.status === 'resolved' ? alert.endsAt ?? now : null,
              updated_at: now,
            })),
          )
          .onConflict('id')
          .ignore();
      }
      for (const { alert, id } of rows) {
        if (alert.status === 'resolved') {
          await tx('observability_alerts')
            .where({ id, status: 'firing' })
            .update({
              status: 'resolved',
              ends_at: alert.endsAt ?? now,
              annotations: JSON.stringify(alert.annotations),
              updated_at: now,
            });
        } else {
          // A late redelivery of "firing" never reopens a resolved alert.
          await tx('observability_alerts')
            .where({ id, status: 'firing' })
            .update({
              annotations: JSON.stringify(alert.annotations),
              updated_at: now,
            });
        }
      }
      const entityRows = rows.flatMap(({ alert, id }) =>
        alert.entityRefs.map(entityRef => ({
          alert_id: id,
          entity_ref: entityRef,
        })),
      );
      for (const part of chunks(entityRows, 200)) {
        await tx('observability_alert_entities')
          .insert(part)
          .onConflict(['alert_id', 'entity_ref'])
          .ignore();
      }
      const events = rows.flatMap(({ alert, id }) => {
        const fired = {
          alert_id: id,
          type: 'fired',
          at: alert.startsAt,
          actor: options.actor,
          note: null,
          dedupe_key: `${id}:fired`,
        };
        return alert.status === 'resolved'
          ? [
              fired,
              {
                ...fired,
                type: 'resolved',
                at: alert.endsAt ?? now,
                dedupe_key: `${id}:resolved`,
              },
            ]
          : [fired];
      });
      for (const part of chunks(events, 100)) {
        await tx('observability_alert_events')
          .insert(part)
          .onConflict('dedupe_key')
          .ignore();
      }
    });
  }

  /**
   * The entity's alerts that were firing at some point of [from, to], newest first, with their
   * events. `state` narrows to alerts firing now or resolved.
   */
  async listForEntity(
    entityRef: string,
    options: {
      from: Date;
      to: Date;
      state?: 'firing' | 'resolved';
      limit: number;
      offset: number;
    },
  ): Promise<{ alerts: StoredAlert[]; total: number }> {
    const base = this.db('observability_alerts as a')
      .join('observability_alert_entities as e', 'e.alert_id', 'a.id')
      .where('e.entity_ref', entityRef)
      .where('a.starts_at', '<=', options.to)
      .where(q =>
        q.whereNull('a.ends_at').orWhere('a.ends_at', '>=', options.from),
      );
    if (options.state) base.where('a.status', options.state);
    const [{ count }] = await base.clone().count({ count: 'a.id' });
    const rows = await base
      .clone()
      .select('a.*')
      .orderBy([
        { column: 'a.starts_at', order: 'desc' },
        { column: 'a.id', order: 'asc' },
      ])
      .limit(options.limit)
      .offset(options.offset);
    return { alerts: await this.hydrate(rows), total: Number(count) };
  }

  async getAlert(id: string): Promise<StoredAlert | undefined> {
    const rows = await this.db('observability_alerts').where({ id });
    return (await this.hydrate(rows))[0];
  }

  private async hydrate(rows: any[]): Promise<StoredAlert[]> {
    if (rows.length === 0) return [];
    const ids = rows.map(r => r.id);
    const [events, entities] = await Promise.all([
      this.db('observability_alert_events')
        .whereIn('alert_id', ids)
        .orderBy([
          { column: 'at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ]),
      this.db('observability_alert_entities').whereIn('alert_id', ids),
    ]);
    return rows.map(r => ({
      id: r.id,
      fingerprint: r.fingerprint,
      alertname: r.alertname,
      severity: r.severity,
      labels: JSON.parse(r.labels),
      annotations: JSON.parse(r.annotations),
      generatorURL: r.generator_url,
      status: r.status,
      startsAt: toDate(r.starts_at),
      endsAt: r.ends_at === null ? null : toDate(r.ends_at),
      entityRefs: entities
        .filter(e => e.alert_id === r.id)
        .map(e => e.entity_ref)
        .sort(),
      events: events
        .filter(e => e.alert_id === r.id)
        .map(e => ({
          type: e.type,
          at: toDate(e.at),
          actor: e.actor,
          note: e.note,
        })),
    }));
  }
}
