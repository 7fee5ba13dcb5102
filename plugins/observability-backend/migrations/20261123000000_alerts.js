// @ts-check

/**
 * Alert history: one row per alert instance (a fingerprint from one firing until it resolves),
 * the entities it belongs to, and its events. Every event has a unique dedupe key, so a
 * notification delivered twice, or by two backend replicas at once, records one transition.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('observability_alerts', table => {
    table.comment('Alert instances received from Alertmanager');
    // sha256 of fingerprint and startsAt: a fingerprint that fires again is a new instance.
    table.string('id', 64).primary();
    table.string('fingerprint', 64).notNullable();
    table.string('alertname', 255).notNullable();
    table.string('severity', 64).nullable();
    table.text('labels').notNullable().comment('JSON object');
    table.text('annotations').notNullable().comment('JSON object');
    table.string('generator_url', 2048).nullable();
    table.string('status', 16).notNullable().comment('firing or resolved');
    table.timestamp('starts_at', { useTz: true }).notNullable();
    table.timestamp('ends_at', { useTz: true }).nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['fingerprint'], 'observability_alerts_fingerprint_idx');
    table.index(['status'], 'observability_alerts_status_idx');
  });

  await knex.schema.createTable('observability_alert_entities', table => {
    table.comment('Which catalog entities an alert belongs to');
    table
      .string('alert_id', 64)
      .notNullable()
      .references('id')
      .inTable('observability_alerts')
      .onDelete('CASCADE');
    table.string('entity_ref', 255).notNullable();
    table.primary(['alert_id', 'entity_ref']);
    table.index(['entity_ref'], 'observability_alert_entities_ref_idx');
  });

  await knex.schema.createTable('observability_alert_events', table => {
    table.comment('What happened to an alert, when, and who did it');
    table.bigIncrements('id').primary();
    table
      .string('alert_id', 64)
      .notNullable()
      .references('id')
      .inTable('observability_alerts')
      .onDelete('CASCADE');
    table
      .string('type', 32)
      .notNullable()
      .comment(
        'fired, resolved, acknowledged, unacknowledged, silenced, silence_expired',
      );
    table.timestamp('at', { useTz: true }).notNullable();
    table
      .string('actor', 255)
      .nullable()
      .comment('user entity ref, or the ingest path (webhook, reconciler)');
    table.text('note').nullable();
    table.string('dedupe_key', 255).notNullable().unique();
    table.index(['alert_id', 'at'], 'observability_alert_events_alert_at_idx');
    table.index(['at'], 'observability_alert_events_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('observability_alert_events');
  await knex.schema.dropTable('observability_alert_entities');
  await knex.schema.dropTable('observability_alerts');
};
