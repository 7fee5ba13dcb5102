// @ts-check

/**
 * Custom alert-rule templates and every version of them. A template row points at its current
 * version; deleting a template marks the row (who, when) and keeps its versions, so the history
 * of what rules were rendered from stays readable. Every write is a new version row, unique per
 * (template, version), so two replicas writing at once cannot both claim a version.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('observability_rule_templates', table => {
    table.comment('Custom alert-rule templates (built-ins live in code)');
    table.string('id', 64).primary().comment('Template id, as in error-ratio');
    table
      .integer('current_version')
      .notNullable()
      .comment('The version rules are rendered from');
    table
      .boolean('deprecated')
      .notNullable()
      .defaultTo(false)
      .comment('The current version is deprecated (still rendered)');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table
      .timestamp('deleted_at', { useTz: true })
      .nullable()
      .comment('Set when deleted; versions stay, a new create resumes them');
    table.string('deleted_by', 255).nullable().comment('User ref');
  });
  await knex.schema.createTable(
    'observability_rule_template_versions',
    table => {
      table.comment('Every version of every custom template, never changed');
      table.bigIncrements('row_id').primary();
      table
        .string('template_id', 64)
        .notNullable()
        .references('id')
        .inTable('observability_rule_templates')
        .onDelete('CASCADE');
      table.integer('version').notNullable();
      table
        .text('body')
        .notNullable()
        .comment('JSON: title, description, parameters, rules');
      table.boolean('deprecated').notNullable().defaultTo(false);
      table
        .string('created_by', 255)
        .notNullable()
        .comment('User ref of the author');
      table.timestamp('created_at', { useTz: true }).notNullable();
      table.unique(['template_id', 'version'], {
        indexName: 'observability_rule_template_versions_uniq',
      });
    },
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('observability_rule_template_versions');
  await knex.schema.dropTable('observability_rule_templates');
};
