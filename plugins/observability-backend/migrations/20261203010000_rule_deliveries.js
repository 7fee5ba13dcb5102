// @ts-check

/**
 * Where each entity's alert rules were delivered and what Prometheus (or the ruler) reports
 * about them. One row per entity and instance: when an entity moves to another instance, the old
 * row stays (status `removing`) until its rules are gone from the old place.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('observability_rule_deliveries', table => {
    table.comment('Alert rules delivered per entity, and their live state');
    table.string('entity_ref', 512).notNullable();
    table.string('instance', 255).notNullable();
    table.string('method', 16).notNullable().comment('files or ruler');
    table
      .text('location')
      .notNullable()
      .comment('The rule file path or the ruler namespace');
    table
      .string('content_hash', 64)
      .nullable()
      .comment('sha256 of the last delivered (reloaded or accepted) YAML');
    table
      .text('delivered_yaml')
      .nullable()
      .comment('The last good delivered YAML; it stays while newer ones fail');
    table.timestamp('delivered_at', { useTz: true }).nullable();
    table.timestamp('attempted_at', { useTz: true }).nullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('delivered, not-delivered, pending or removing');
    table.text('error').nullable();
    table
      .text('live_rules')
      .nullable()
      .comment('JSON: the rules of the group as read back from /api/v1/rules');
    table.timestamp('live_checked_at', { useTz: true }).nullable();
    table.primary(['entity_ref', 'instance']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('observability_rule_deliveries');
};
