import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/** A rule of a delivered group as Prometheus (or the ruler) reports it in `/api/v1/rules`. */
export interface LiveRule {
  name: string;
  type: 'alerting' | 'recording';
  health?: 'ok' | 'err' | 'unknown';
  lastError?: string;
  /** ISO time; absent before the first evaluation. */
  lastEvaluation?: string;
  state?: 'inactive' | 'pending' | 'firing';
}

export type RuleDeliveryStatus =
  | 'delivered'
  | 'not-delivered'
  | 'pending'
  /** The entity is gone (or moved): its rules are being removed from this place. */
  | 'removing';

/** Where one entity's rules went on one instance, and what came back. */
export interface RuleDeliveryRecord {
  entityRef: string;
  instance: string;
  method: 'files' | 'ruler';
  /** The rule file path or the ruler namespace. */
  location: string;
  /** sha256 of the last YAML that was delivered (reloaded or accepted). */
  contentHash?: string;
  /** The last good delivered YAML: it stays in place while newer renderings fail. */
  deliveredYaml?: string;
  deliveredAt?: Date;
  attemptedAt?: Date;
  status: RuleDeliveryStatus;
  error?: string;
  /** The group's rules as read back; `[]` when the group is not loaded at all. */
  live?: LiveRule[];
  liveCheckedAt?: Date;
}

const TABLE = 'observability_rule_deliveries';

const migrationsDir = resolvePackagePath(
  '@stagewatch/backstage-plugin-observability-backend',
  'migrations',
);

interface Row {
  entity_ref: string;
  instance: string;
  method: string;
  location: string;
  content_hash: string | null;
  delivered_yaml: string | null;
  delivered_at: unknown;
  attempted_at: unknown;
  status: string;
  error: string | null;
  live_rules: string | null;
  live_checked_at: unknown;
}

/** SQLite hands timestamps back as epoch milliseconds, PostgreSQL as Date. */
const toDate = (v: unknown): Date | undefined => {
  if (v === null || v === undefined) return undefined;
  return v instanceof Date
    ? v
    : new Date(typeof v === 'string' ? v : Number(v));
};

function fromRow(row: Row): RuleDeliveryRecord {
  const optional = <K extends string, V>(key: K, value: V | null | undefined) =>
    (value === null || value === undefined ? {} : { [key]: value }) as {
      [P in K]?: V;
    };
  return {
    entityRef: row.entity_ref,
    instance: row.instance,
    method: row.method as RuleDeliveryRecord['method'],
    location: row.location,
    status: row.status as RuleDeliveryStatus,
    ...optional('contentHash', row.content_hash),
    ...optional('deliveredYaml', row.delivered_yaml),
    ...optional('deliveredAt', toDate(row.delivered_at)),
    ...optional('attemptedAt', toDate(row.attempted_at)),
    ...optional('error', row.error),
    ...optional(
      'live',
      row.live_rules === null
        ? undefined
        : (JSON.parse(row.live_rules) as LiveRule[]),
    ),
    ...optional('liveCheckedAt', toDate(row.live_checked_at)),
  };
}

function toRow(record: RuleDeliveryRecord): Row {
  return {
    entity_ref: record.entityRef,
    instance: record.instance,
    method: record.method,
    location: record.location,
    content_hash: record.contentHash ?? null,
    delivered_yaml: record.deliveredYaml ?? null,
    delivered_at: record.deliveredAt ?? null,
    attempted_at: record.attemptedAt ?? null,
    status: record.status,
    error: record.error ?? null,
    live_rules: record.live === undefined ? null : JSON.stringify(record.live),
    live_checked_at: record.liveCheckedAt ?? null,
  };
}

/**
 * The delivery bookkeeping of the rule reconciler on knex (SQLite and PostgreSQL): per entity
 * and instance where its rules are, the hash and text of the last good delivery, the last
 * attempt's outcome and the rules' live state.
 */
export class RuleDeliveryStore {
  private constructor(private readonly db: Knex) {}

  static async create(database: DatabaseService): Promise<RuleDeliveryStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new RuleDeliveryStore(client);
  }

  /** For tests that bring their own knex (TestDatabases). */
  static async forKnex(knex: Knex): Promise<RuleDeliveryStore> {
    await knex.migrate.latest({ directory: migrationsDir });
    return new RuleDeliveryStore(knex);
  }

  async list(): Promise<RuleDeliveryRecord[]> {
    const rows: Row[] = await this.db(TABLE)
      .select()
      .orderBy(['entity_ref', 'instance']);
    return rows.map(fromRow);
  }

  /** An entity's records (one per instance it was delivered to), `removing` ones included. */
  async forEntity(entityRef: string): Promise<RuleDeliveryRecord[]> {
    const rows: Row[] = await this.db(TABLE)
      .where({ entity_ref: entityRef })
      .orderBy('instance');
    return rows.map(fromRow);
  }

  /** Inserts or replaces the records, all in one transaction. */
  async save(records: RuleDeliveryRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.db.transaction(async tx => {
      // 12 columns a row: 50 rows stay far under SQLite's oldest limit of 999 parameters.
      for (let i = 0; i < records.length; i += 50) {
        await tx(TABLE)
          .insert(records.slice(i, i + 50).map(toRow))
          .onConflict(['entity_ref', 'instance'])
          .merge();
      }
    });
  }

  async remove(keys: Array<{ entityRef: string; instance: string }>) {
    if (keys.length === 0) return;
    await this.db.transaction(async tx => {
      for (const key of keys) {
        await tx(TABLE)
          .where({ entity_ref: key.entityRef, instance: key.instance })
          .delete();
      }
    });
  }
}
