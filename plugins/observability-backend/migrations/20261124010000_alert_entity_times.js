// @ts-check

/**
 * Per-entity history over a time range without a join: each entity link carries its alert's
 * start and end, indexed with the entity. A busy entity's page and count then read one index
 * range instead of joining every one of its links with the alerts.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('observability_alert_entities', table => {
    table.timestamp('starts_at', { useTz: true }).nullable();
    table
      .timestamp('ends_at', { useTz: true })
      .nullable()
      .comment('NULL while the alert fires');
    table.index(
      ['entity_ref', 'starts_at'],
      'observability_alert_entities_ref_starts_idx',
    );
    // What fires now for an entity: its links without an end.
    table.index(
      ['entity_ref', 'ends_at'],
      'observability_alert_entities_ref_ends_idx',
    );
  });
  const alertColumn = (/** @type {string} */ column) =>
    knex('observability_alerts')
      .select(column)
      .where('id', knex.ref('observability_alert_entities.alert_id'));
  await knex('observability_alert_entities').update({
    starts_at: alertColumn('starts_at'),
    ends_at: alertColumn('ends_at'),
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('observability_alert_entities', table => {
    table.dropIndex(
      ['entity_ref', 'starts_at'],
      'observability_alert_entities_ref_starts_idx',
    );
    table.dropIndex(
      ['entity_ref', 'ends_at'],
      'observability_alert_entities_ref_ends_idx',
    );
    table.dropColumn('starts_at');
    table.dropColumn('ends_at');
  });
};
