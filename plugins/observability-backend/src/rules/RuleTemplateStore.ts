import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  RULE_TEMPLATE_ID_PATTERN,
  RuleTemplate,
  RuleTemplateBody,
} from '@stagewatch/backstage-plugin-observability-common';
import { isDeepStrictEqual } from 'node:util';
import { Knex } from 'knex';
import { CustomTemplateSource, isBuiltinTemplate } from './RuleTemplateCatalog';

const migrationsDir = resolvePackagePath(
  '@stagewatch/backstage-plugin-observability-backend',
  'migrations',
);

const TEMPLATES = 'observability_rule_templates';
const VERSIONS = 'observability_rule_template_versions';
const MAX_ID_LENGTH = 64;

interface TemplateRow {
  id: string;
  current_version: number;
  deprecated: boolean | number;
  deleted_at: unknown;
}

interface VersionRow {
  template_id: string;
  version: number;
  body: string;
  deprecated: boolean | number;
  created_by: string;
  created_at: unknown;
}

/** SQLite hands timestamps back as epoch milliseconds, PostgreSQL as Date. */
const toIso = (v: unknown): string =>
  (v instanceof Date
    ? v
    : new Date(typeof v === 'string' ? v : Number(v))
  ).toISOString();

function toTemplate(row: VersionRow): RuleTemplate {
  const body = JSON.parse(row.body) as RuleTemplateBody;
  return {
    id: row.template_id,
    source: 'custom',
    version: Number(row.version),
    title: body.title,
    description: body.description,
    parameters: body.parameters,
    rules: body.rules,
    deprecated: Boolean(row.deprecated),
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
  };
}

const bodyOf = (t: RuleTemplateBody): RuleTemplateBody => ({
  title: t.title,
  description: t.description,
  parameters: t.parameters,
  rules: t.rules,
});

/** PostgreSQL's unique_violation, SQLite's constraint errors. */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    /^SQLITE_CONSTRAINT/.test(e?.code ?? '') ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}

/** The id of a new custom template: well-formed and not a built-in's. */
export function checkCustomTemplateId(id: unknown): string {
  if (
    typeof id !== 'string' ||
    id.length > MAX_ID_LENGTH ||
    !RULE_TEMPLATE_ID_PATTERN.test(id)
  ) {
    throw new InputError(
      `id: must be lower-case words joined by dashes, like my-error-ratio (at most ${MAX_ID_LENGTH} characters), got ${JSON.stringify(
        id,
      )?.slice(0, 100)}`,
    );
  }
  if (isBuiltinTemplate(id)) {
    throw new ConflictError(
      `id: '${id}' is a built-in template; a custom template needs another id`,
    );
  }
  return id;
}

/**
 * Custom alert-rule templates on knex (SQLite and PostgreSQL). Every change is a new version,
 * kept with its author and time; the template row names the current one. Writes run in a
 * transaction guarded by the primary key and the unique (template, version) pair, so two
 * replicas creating the same id get one template and a ConflictError, and two edits at once get
 * consecutive versions or a ConflictError, never a lost write. A write that changes nothing
 * adds no version, so retries are harmless.
 */
export class RuleTemplateStore implements CustomTemplateSource {
  private readonly isSqlite: boolean;

  private constructor(
    private readonly db: Knex,
    private readonly now: () => Date,
  ) {
    this.isSqlite = /sqlite/.test(String(db.client.config.client));
  }

  static async create(
    database: DatabaseService,
    options: { now?: () => Date } = {},
  ): Promise<RuleTemplateStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new RuleTemplateStore(client, options.now ?? (() => new Date()));
  }

  /** For tests that bring their own knex (TestDatabases). */
  static async forKnex(
    knex: Knex,
    options: { now?: () => Date } = {},
  ): Promise<RuleTemplateStore> {
    await knex.migrate.latest({ directory: migrationsDir });
    return new RuleTemplateStore(knex, options.now ?? (() => new Date()));
  }

  /**
   * A new template at version 1, or, for an id whose template was deleted, its next version
   * (the history stays one line). 409 when the id is taken, also by a concurrent create.
   */
  async create(
    input: RuleTemplateBody & { id: string; deprecated?: boolean },
    author: string,
  ): Promise<RuleTemplate> {
    const id = checkCustomTemplateId(input.id);
    const at = this.now();
    const taken = () =>
      new ConflictError(`id: a rule template '${id}' already exists`);
    try {
      return await this.db.transaction(async tx => {
        const existing = await this.row(tx, id);
        let version = 1;
        if (!existing) {
          await tx(TEMPLATES).insert({
            id,
            current_version: 1,
            deprecated: input.deprecated ?? false,
            created_at: at,
            updated_at: at,
          });
        } else {
          if (existing.deleted_at === null) throw taken();
          version = Number(existing.current_version) + 1;
          const revived = await tx(TEMPLATES)
            .where({ id, current_version: existing.current_version })
            .whereNotNull('deleted_at')
            .update({
              current_version: version,
              deprecated: input.deprecated ?? false,
              updated_at: at,
              deleted_at: null,
              deleted_by: null,
            });
          if (revived !== 1) throw taken();
        }
        return this.insertVersion(tx, id, version, input, author, at);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw taken();
      throw error;
    }
  }

  /**
   * A new version with the given body and, when given, deprecation. The same body and state as
   * the current version changes nothing and returns it.
   */
  async update(
    id: string,
    input: RuleTemplateBody & { deprecated?: boolean },
    author: string,
  ): Promise<RuleTemplate> {
    const at = this.now();
    const raced = () =>
      new ConflictError(
        `rule template '${id}' was changed by someone else at the same time; reload it and try again`,
      );
    try {
      return await this.db.transaction(async tx => {
        const existing = await this.row(tx, id);
        if (!existing || existing.deleted_at !== null) {
          throw new NotFoundError(`No custom rule template '${id}'`);
        }
        const current = await this.versionRow(tx, id, existing.current_version);
        const deprecated = input.deprecated ?? Boolean(existing.deprecated);
        if (
          current &&
          Boolean(current.deprecated) === deprecated &&
          isDeepStrictEqual(
            JSON.parse(current.body),
            // As stored: keys whose value is undefined do not survive JSON.
            JSON.parse(JSON.stringify(bodyOf(input))),
          )
        ) {
          return toTemplate(current);
        }
        const version = Number(existing.current_version) + 1;
        const updated = await tx(TEMPLATES)
          .where({ id, current_version: existing.current_version })
          .whereNull('deleted_at')
          .update({ current_version: version, deprecated, updated_at: at });
        if (updated !== 1) throw raced();
        return this.insertVersion(
          tx,
          id,
          version,
          { ...input, deprecated },
          author,
          at,
        );
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw raced();
      throw error;
    }
  }

  /** Deprecates or undeprecates: a new version with the same body, by the author. */
  async setDeprecated(
    id: string,
    deprecated: boolean,
    author: string,
  ): Promise<RuleTemplate> {
    const current = await this.get(id);
    if (!current) throw new NotFoundError(`No custom rule template '${id}'`);
    return this.update(id, { ...bodyOf(current), deprecated }, author);
  }

  /** Marks the template deleted (its versions stay); 404 when there is none. */
  async delete(id: string, author: string): Promise<void> {
    const deleted = await this.db(TEMPLATES)
      .where({ id })
      .whereNull('deleted_at')
      .update({ deleted_at: this.now(), deleted_by: author });
    if (deleted !== 1) {
      throw new NotFoundError(`No custom rule template '${id}'`);
    }
  }

  /** The current version, or undefined when there is none or it was deleted. */
  async get(id: string): Promise<RuleTemplate | undefined> {
    const row = await this.db<VersionRow>(`${VERSIONS} as v`)
      .join(`${TEMPLATES} as t`, function on() {
        this.on('t.id', '=', 'v.template_id').andOn(
          't.current_version',
          '=',
          'v.version',
        );
      })
      .where('t.id', id)
      .whereNull('t.deleted_at')
      .first('v.*');
    return row ? toTemplate(row) : undefined;
  }

  /** Every version, newest first; empty when the template does not exist or was deleted. */
  async versions(id: string): Promise<RuleTemplate[]> {
    const template = await this.row(this.db, id);
    if (!template || template.deleted_at !== null) return [];
    const rows = await this.db<VersionRow>(VERSIONS)
      .where({ template_id: id })
      .orderBy('version', 'desc');
    return rows.map(toTemplate);
  }

  async listCurrent(): Promise<RuleTemplate[]> {
    const rows = await this.db<VersionRow>(`${VERSIONS} as v`)
      .join(`${TEMPLATES} as t`, function on() {
        this.on('t.id', '=', 'v.template_id').andOn(
          't.current_version',
          '=',
          'v.version',
        );
      })
      .whereNull('t.deleted_at')
      .orderBy('t.id')
      .select('v.*');
    return rows.map(toTemplate);
  }

  /** The template row; in a transaction, locked until it ends (PostgreSQL). */
  private async row(
    db: Knex | Knex.Transaction,
    id: string,
  ): Promise<TemplateRow | undefined> {
    const query = db<TemplateRow>(TEMPLATES).where({ id });
    // SQLite serialises writers itself and has no row locks.
    return this.isSqlite || !db.isTransaction
      ? query.first()
      : query.forUpdate().first();
  }

  private async versionRow(
    tx: Knex.Transaction,
    id: string,
    version: number,
  ): Promise<VersionRow | undefined> {
    return tx<VersionRow>(VERSIONS).where({ template_id: id, version }).first();
  }

  private async insertVersion(
    tx: Knex.Transaction,
    id: string,
    version: number,
    input: RuleTemplateBody & { deprecated?: boolean },
    author: string,
    at: Date,
  ): Promise<RuleTemplate> {
    const row: VersionRow = {
      template_id: id,
      version,
      body: JSON.stringify(bodyOf(input)),
      deprecated: input.deprecated ?? false,
      created_by: author,
      created_at: at,
    };
    await tx(VERSIONS).insert(row);
    return toTemplate(row);
  }
}
