import { createHash } from 'node:crypto';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { Knex } from 'knex';
import { WebhookAlert } from './parseWebhook';
import {
  storableAlertText,
  TEXT_LIMITS,
  truncateBytes,
} from './sanitizeAlertText';

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
  silenceId: string | null;
  silenceEndsAt: Date | null;
}

export interface AlertStats {
  count: number;
  firing: number;
  acknowledged: number;
  resolved: number;
  mttaSeconds: number | null;
  mttrSeconds: number | null;
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
  /** The last acknowledgement, unless an unacknowledgement followed it. */
  acknowledged: StoredAlertEvent | null;
  /** The newest portal silence that has neither been expired nor ended. */
  silenced: StoredAlertEvent | null;
}

export interface IncomingAlert extends WebhookAlert {
  /** The entities the alert belongs to, computed at ingest. */
  entityRefs: string[];
}

const migrationsDir = resolvePackagePath(
  '@stagewatch/backstage-plugin-observability-backend',
  'migrations',
);

/** SQLite hands timestamps back as epoch milliseconds, PostgreSQL as Date. */
const toDate = (v: unknown): Date =>
  v instanceof Date ? v : new Date(typeof v === 'string' ? v : Number(v));

/** Acknowledgement and silence state as of `now`, from the events (oldest first). */
function withState(events: StoredAlertEvent[], now: Date) {
  let acknowledged: StoredAlertEvent | null = null;
  const silences = new Map<string, StoredAlertEvent>();
  for (const e of events) {
    if (e.type === 'acknowledged') acknowledged = e;
    else if (e.type === 'unacknowledged') acknowledged = null;
    else if (e.type === 'silenced' && e.silenceId) silences.set(e.silenceId, e);
    else if (e.type === 'silence_expired' && e.silenceId)
      silences.delete(e.silenceId);
  }
  const active = [...silences.values()].filter(
    e => !e.silenceEndsAt || e.silenceEndsAt > now,
  );
  return {
    events,
    acknowledged,
    silenced: active.length ? active[active.length - 1] : null,
  };
}

/** Rows by key, in their order: one pass, where a filter per alert would be quadratic. */
function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

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
  private readonly isSqlite: boolean;

  private constructor(private readonly db: Knex) {
    this.isSqlite = /sqlite/.test(String(db.client.config.client));
  }

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
      // Whichever path the alert came by, the store holds only what both databases can (a
      // no-op for the webhook's, which are made storable before they are mapped).
      alert: storableAlertText(a),
      // Its identity is Alertmanager's fingerprint, never the text as stored.
      id: AlertStore.alertId(a.fingerprint, a.startsAt),
    }));
    // Any number of alerts, in batches of at most 800 bound parameters (11 per alert row, 4 per
    // entity link, 6 per event, 1 per id looked up): under SQLite's oldest limit of 999 and far
    // under PostgreSQL's 65535. One transaction all the same.
    await this.db.transaction(async tx => {
      for (const part of chunks(rows, 50)) {
        await tx('observability_alerts')
          .insert(
            part.map(({ alert, id }) => ({
              id,
              fingerprint: alert.fingerprint,
              // Alertmanager requires no alertname; the columns are narrower than the labels.
              alertname: truncateBytes(
                alert.labels.alertname ?? '',
                TEXT_LIMITS.alertnameColumn,
              ),
              severity:
                alert.labels.severity === undefined
                  ? null
                  : truncateBytes(
                      alert.labels.severity,
                      TEXT_LIMITS.severityColumn,
                    ),
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
      await this.applyTransitions(tx, rows, now);
      const entityRows = rows.flatMap(({ alert, id }) =>
        alert.entityRefs.map(entityRef => ({
          alert_id: id,
          entity_ref: entityRef,
          starts_at: alert.startsAt,
          ends_at: alert.status === 'resolved' ? alert.endsAt ?? now : null,
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
    // The entity's links alone answer the filter, the count and the page (indexes on entity and
    // start, entity and end); only the page's alerts are read.
    const links = (startsAt: string, state = options.state) => {
      const q = this.db('observability_alert_entities as e')
        .where('e.entity_ref', entityRef)
        .whereRaw(`${startsAt} <= ?`, [options.to]);
      if (state === 'firing') q.whereNull('e.ends_at');
      else if (state === 'resolved') q.where('e.ends_at', '>=', options.from);
      else
        q.where(w =>
          w.whereNull('e.ends_at').orWhere('e.ends_at', '>=', options.from),
        );
      return q;
    };
    // On SQLite the unary + keeps the start out of index selection: given the column, the
    // planner takes the (entity, start) index, whose range `start <= to` is nearly all of a busy
    // entity's links, and reads each link's row to test its end (230 ms at 75,000 links for a
    // page of 50). On (entity, end) the links without an end are one lookup and the ones that
    // ended in the range one short index range.
    const startsAt = this.isSqlite ? '+e.starts_at' : 'e.starts_at';
    const page = links(
      options.state === 'firing' ? startsAt : 'e.starts_at',
    ).select('e.alert_id');
    if (options.state === 'firing' && this.isSqlite) {
      // Ordered by an expression, not the column: given `ORDER BY e.starts_at`, SQLite walks the
      // (entity, start) index for the order and tests every link of a busy entity for an end
      // (230 ms at 75,000 links for 37 firing); this way it looks the firing ones up and sorts.
      page.orderByRaw('+e.starts_at desc, e.alert_id asc');
    } else {
      // Newest first with a limit: walking (entity, start) backwards stops after the page.
      page.orderBy([
        { column: 'e.starts_at', order: 'desc' },
        { column: 'e.alert_id', order: 'asc' },
      ]);
    }
    const count = (q: Knex.QueryBuilder) =>
      q.count({ count: 'e.alert_id' }).then(([row]) => Number(row.count));
    const total =
      this.isSqlite && !options.state
        ? // SQLite does not split an OR over two ranges of one index: one count per range.
          Promise.all([
            count(links(startsAt, 'firing')),
            count(links(startsAt, 'resolved')),
          ]).then(([firing, ended]) => firing + ended)
        : count(links(startsAt));
    const [totalCount, pageRows] = await Promise.all([
      total,
      page.limit(options.limit).offset(options.offset),
    ]);
    const ids = pageRows.map(r => r.alert_id as string);
    const byId = new Map(
      (ids.length
        ? await this.db('observability_alerts').whereIn('id', ids)
        : []
      ).map(r => [r.id as string, r]),
    );
    const rows = ids.map(id => byId.get(id)).filter(r => r !== undefined);
    return { alerts: await this.hydrate(rows), total: totalCount };
  }

  async getAlert(
    id: string,
    now = new Date(),
  ): Promise<StoredAlert | undefined> {
    const rows = await this.db('observability_alerts').where({ id });
    return (await this.hydrate(rows, now))[0];
  }

  /**
   * Records a person's acknowledgement (or its withdrawal). Asking for the state the alert is
   * already in records nothing, so a double click is one event. Answers the alert as it is now.
   */
  async setAcknowledged(
    id: string,
    acknowledged: boolean,
    options: { actor: string; note?: string; now?: Date },
  ): Promise<StoredAlert> {
    const now = options.now ?? new Date();
    await this.db.transaction(async tx => {
      const alert = await tx('observability_alerts').where({ id }).first('id');
      if (!alert) throw new NotFoundError(`No alert ${id}`);
      const last = await tx('observability_alert_events')
        .where({ alert_id: id })
        .whereIn('type', ['acknowledged', 'unacknowledged'])
        .orderBy([
          { column: 'at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .first('type');
      const isAcknowledged = last?.type === 'acknowledged';
      if (isAcknowledged === acknowledged) return;
      const type = acknowledged ? 'acknowledged' : 'unacknowledged';
      await tx('observability_alert_events').insert({
        alert_id: id,
        type,
        at: now,
        actor: options.actor,
        note: options.note || null,
        dedupe_key: `${id}:${type}:${now.getTime()}:${options.actor}`,
      });
      // The links keep the first acknowledgement for the entity's stats; a withdrawal leaves
      // it, as the mean time to acknowledge counts the first one.
      if (acknowledged) {
        await tx('observability_alert_entities')
          .where({ alert_id: id })
          .where(w =>
            w.whereNull('acknowledged_at').orWhere('acknowledged_at', '>', now),
          )
          .update({ acknowledged_at: now });
      }
    });
    return this.mustGet(id, now);
  }

  /** Records a silence created in Alertmanager for the alert. */
  async recordSilence(
    id: string,
    options: {
      actor: string;
      note?: string;
      silenceId: string;
      endsAt: Date;
      now?: Date;
    },
  ): Promise<StoredAlert> {
    const now = options.now ?? new Date();
    await this.db('observability_alert_events')
      .insert({
        alert_id: id,
        type: 'silenced',
        at: now,
        actor: options.actor,
        note: options.note || null,
        silence_id: options.silenceId,
        silence_ends_at: options.endsAt,
        dedupe_key: `${id}:silenced:${options.silenceId}`,
      })
      .onConflict('dedupe_key')
      .ignore();
    return this.mustGet(id, now);
  }

  /** Records that a silence ended: expired by a person, or lapsed (actor `alertmanager`). */
  async recordSilenceExpired(
    id: string,
    options: { actor: string; silenceId: string; at?: Date },
  ): Promise<StoredAlert> {
    const at = options.at ?? new Date();
    await this.db('observability_alert_events')
      .insert({
        alert_id: id,
        type: 'silence_expired',
        at,
        actor: options.actor,
        note: null,
        silence_id: options.silenceId,
        dedupe_key: `${id}:silence_expired:${options.silenceId}`,
      })
      .onConflict('dedupe_key')
      .ignore();
    return this.mustGet(id, at);
  }

  /** Records the end of silences that ran out without anyone expiring them. */
  async recordLapsedSilences(now = new Date()): Promise<number> {
    const lapsed = await this.db('observability_alert_events as s')
      .where('s.type', 'silenced')
      .where('s.silence_ends_at', '<=', now)
      .whereNotExists(q =>
        q
          .select('x.id')
          .from('observability_alert_events as x')
          .where('x.type', 'silence_expired')
          .whereRaw('x.alert_id = s.alert_id')
          .whereRaw('x.silence_id = s.silence_id'),
      )
      .select('s.alert_id', 's.silence_id', 's.silence_ends_at');
    for (const row of lapsed) {
      await this.recordSilenceExpired(row.alert_id, {
        actor: 'alertmanager',
        silenceId: row.silence_id,
        at: toDate(row.silence_ends_at),
      });
    }
    return lapsed.length;
  }

  /** Alerts that fired in [from, to]: counts, mean time to acknowledge and to resolve. */
  async stats(
    entityRef: string,
    range: { from: Date; to: Date },
  ): Promise<AlertStats> {
    // From the entity's links alone, in one statement over one index range: each link carries
    // its alert's start, end (NULL while it fires) and first acknowledgement. A busy entity has
    // thousands of alerts a week; joining them with their alerts and events cost a random read
    // per alert (180 ms on SQLite, 400 ms on PostgreSQL at 6,000 alerts), the range about 1 ms.
    // Milliseconds, as the JavaScript Dates the store writes: sums of whole numbers, divided
    // below exactly as before. Rounded because PostgreSQL before 14 answers epochs as floats.
    const ms = (later: string, earlier: string) =>
      this.isSqlite
        ? `(${later} - ${earlier})`
        : `round(extract(epoch from (${later} - ${earlier})) * 1000)`;
    const [row] = await this.db('observability_alert_entities as e')
      .where('e.entity_ref', entityRef)
      .whereBetween('e.starts_at', [range.from, range.to])
      .select(
        this.db.raw('count(*) as count'),
        this.db.raw(
          'sum(case when e.ends_at is null then 1 else 0 end) as firing',
        ),
        this.db.raw('count(e.ends_at) as resolved'),
        // As before, an end or acknowledgement stamped before the start adds nothing.
        this.db.raw(
          `sum(case when e.ends_at > e.starts_at then ${ms(
            'e.ends_at',
            'e.starts_at',
          )} else 0 end) as resolve_ms`,
        ),
        this.db.raw('count(e.acknowledged_at) as acknowledged'),
        this.db.raw(
          `sum(case when e.acknowledged_at > e.starts_at then ${ms(
            'e.acknowledged_at',
            'e.starts_at',
          )} else 0 end) as ack_ms`,
        ),
      );
    const r = row as Record<string, unknown>;
    const count = Number(r.count);
    // Sums over no rows are NULL.
    const firing = Number(r.firing ?? 0);
    const resolved = Number(r.resolved ?? 0);
    const acknowledged = Number(r.acknowledged);
    return {
      count,
      firing,
      acknowledged,
      resolved,
      mttaSeconds: acknowledged
        ? Number(r.ack_ms ?? 0) / acknowledged / 1000
        : null,
      mttrSeconds: resolved
        ? Number(r.resolve_ms ?? 0) / resolved / 1000
        : null,
    };
  }

  /** Alerts firing now per entity, by severity. */
  async firingCounts(
    entityRefs: string[],
  ): Promise<
    Map<string, { total: number; bySeverity: Record<string, number> }>
  > {
    const out = new Map<
      string,
      { total: number; bySeverity: Record<string, number> }
    >();
    for (const ref of entityRefs) out.set(ref, { total: 0, bySeverity: {} });
    for (const part of chunks(entityRefs, 500)) {
      const rows = await this.db('observability_alerts as a')
        .join('observability_alert_entities as e', 'e.alert_id', 'a.id')
        .whereIn('e.entity_ref', part)
        .whereNull('e.ends_at')
        .groupBy('e.entity_ref', 'a.severity')
        .select('e.entity_ref', 'a.severity')
        .count({ count: 'a.id' });
      for (const r of rows as any[]) {
        const entry = out.get(String(r.entity_ref))!;
        const severity = (r.severity as string | null) ?? 'none';
        entry.bySeverity[severity] = Number(r.count);
        entry.total += Number(r.count);
      }
    }
    return out;
  }

  /** The alerts firing now, for the reconciler. */
  async firing(): Promise<
    Array<{
      id: string;
      fingerprint: string;
      labels: Record<string, string>;
      updatedAt: Date;
      entityRefs: string[];
    }>
  > {
    const rows = await this.db('observability_alerts')
      .where({ status: 'firing' })
      .select('id', 'fingerprint', 'labels', 'updated_at');
    const entities = await this.db('observability_alert_entities')
      .whereIn(
        'alert_id',
        this.db('observability_alerts')
          .where({ status: 'firing' })
          .select('id'),
      )
      .select('alert_id', 'entity_ref');
    const byAlert = groupBy(entities, e => e.alert_id as string);
    return rows.map(r => ({
      id: r.id,
      fingerprint: r.fingerprint,
      labels: JSON.parse(r.labels),
      updatedAt: toDate(r.updated_at),
      entityRefs: (byAlert.get(r.id) ?? []).map(e => e.entity_ref).sort(),
    }));
  }

  /** Marks a firing alert resolved (the reconciler saw it gone from Alertmanager). */
  async resolve(id: string, options: { actor: string; at: Date }) {
    await this.db.transaction(async tx => {
      const changed = await tx('observability_alerts')
        .where({ id, status: 'firing' })
        .update({
          status: 'resolved',
          ends_at: options.at,
          updated_at: options.at,
        });
      if (!changed) return;
      await tx('observability_alert_entities')
        .where({ alert_id: id })
        .update({ ends_at: options.at });
      await tx('observability_alert_events')
        .insert({
          alert_id: id,
          type: 'resolved',
          at: options.at,
          actor: options.actor,
          note: null,
          dedupe_key: `${id}:resolved`,
        })
        .onConflict('dedupe_key')
        .ignore();
    });
  }

  /** Replaces the entities a firing alert belongs to (after an annotation changed). */
  async setEntities(id: string, entityRefs: string[]) {
    await this.db.transaction(async tx => {
      const alert = await tx('observability_alerts')
        .where({ id })
        .first('starts_at', 'ends_at');
      if (!alert) return;
      const firstAck = await tx('observability_alert_events')
        .where({ alert_id: id, type: 'acknowledged' })
        .min('at as at')
        .first();
      await tx('observability_alert_entities').where({ alert_id: id }).delete();
      if (entityRefs.length) {
        await tx('observability_alert_entities').insert(
          entityRefs.map(entity_ref => ({
            alert_id: id,
            entity_ref,
            starts_at: toDate(alert.starts_at),
            ends_at: alert.ends_at === null ? null : toDate(alert.ends_at),
            acknowledged_at:
              firstAck?.at === null || firstAck?.at === undefined
                ? null
                : toDate(firstAck.at),
          })),
        );
      }
    });
  }

  /** Deletes resolved alerts that ended before `before`, with their events; answers how many. */
  async deleteResolvedBefore(before: Date): Promise<number> {
    let deleted = 0;
    // In batches, so a first cleanup of a large store never holds a long transaction.
    for (;;) {
      const ids = (
        await this.db('observability_alerts')
          .where('status', 'resolved')
          .where('ends_at', '<', before)
          .limit(500)
          .select('id')
      ).map(r => r.id);
      if (ids.length === 0) return deleted;
      await this.db.transaction(async tx => {
        await tx('observability_alert_events')
          .whereIn('alert_id', ids)
          .delete();
        await tx('observability_alert_entities')
          .whereIn('alert_id', ids)
          .delete();
        await tx('observability_alerts').whereIn('id', ids).delete();
      });
      deleted += ids.length;
    }
  }

  async lastReconciledAt(): Promise<Date | undefined> {
    const row = await this.db('observability_alert_reconciler')
      .where({ id: 'alertmanager' })
      .first('completed_at');
    return row ? toDate(row.completed_at) : undefined;
  }

  async setLastReconciledAt(at: Date): Promise<void> {
    await this.db('observability_alert_reconciler')
      .insert({ id: 'alertmanager', completed_at: at })
      .onConflict('id')
      .merge();
  }

  /**
   * Brings alert rows already stored up to date with a notification: new annotations, the
   * resolution, the time last seen (the reconciler leaves recently seen alerts alone). In a few
   * statements per 500 alerts rather than one per alert, so an alert storm (thousands in one
   * notification) is stored in seconds. A late "firing" never reopens a resolved alert.
   */
  private async applyTransitions(
    tx: Knex.Transaction,
    rows: Array<{ alert: IncomingAlert; id: string }>,
    now: Date,
  ): Promise<void> {
    const current = new Map<string, { status: string; annotations: string }>();
    for (const part of chunks(rows, 500)) {
      const stored = await tx('observability_alerts')
        .whereIn(
          'id',
          part.map(r => r.id),
        )
        .select('id', 'status', 'annotations');
      for (const r of stored) current.set(r.id, r);
    }
    const firingIds: string[] = [];
    const resolvingByEnd = new Map<number, string[]>();
    for (const { alert, id } of rows) {
      const was = current.get(id);
      if (was?.status !== 'firing') continue;
      const annotations = JSON.stringify(alert.annotations);
      if (was.annotations !== annotations) {
        await tx('observability_alerts')
          .where({ id, status: 'firing' })
          .update({ annotations });
      }
      if (alert.status === 'resolved') {
        // Alerts of a rule resolve at one evaluation: most share their end.
        const end = (alert.endsAt ?? now).getTime();
        const ids = resolvingByEnd.get(end);
        if (ids) ids.push(id);
        else resolvingByEnd.set(end, [id]);
      } else {
        firingIds.push(id);
      }
    }
    for (const part of chunks(firingIds, 500)) {
      await tx('observability_alerts')
        .whereIn('id', part)
        .where('status', 'firing')
        .update({ updated_at: now });
    }
    for (const [end, ids] of resolvingByEnd) {
      const endsAt = new Date(end);
      for (const part of chunks(ids, 500)) {
        await tx('observability_alerts')
          .whereIn('id', part)
          .where('status', 'firing')
          .update({ status: 'resolved', ends_at: endsAt, updated_at: now });
        // The links of an alert still firing are the ones without an end.
        await tx('observability_alert_entities')
          .whereIn('alert_id', part)
          .whereNull('ends_at')
          .update({ ends_at: endsAt });
      }
    }
  }

  private async mustGet(id: string, now: Date): Promise<StoredAlert> {
    const rows = await this.db('observability_alerts').where({ id });
    const alert = (await this.hydrate(rows, now))[0];
    if (!alert) throw new NotFoundError(`No alert ${id}`);
    return alert;
  }

  private async hydrate(rows: any[], now = new Date()): Promise<StoredAlert[]> {
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
    const eventsByAlert = groupBy(events, e => e.alert_id as string);
    const entitiesByAlert = groupBy(entities, e => e.alert_id as string);
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
      entityRefs: (entitiesByAlert.get(r.id) ?? [])
        .map(e => e.entity_ref)
        .sort(),
      ...withState(
        (eventsByAlert.get(r.id) ?? []).map(e => ({
          type: e.type,
          at: toDate(e.at),
          actor: e.actor,
          note: e.note,
          silenceId: e.silence_id ?? null,
          silenceEndsAt:
            e.silence_ends_at === null || e.silence_ends_at === undefined
              ? null
              : toDate(e.silence_ends_at),
        })),
        now,
      ),
    }));
  }
}
