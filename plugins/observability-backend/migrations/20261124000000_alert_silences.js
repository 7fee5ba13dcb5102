// @ts-check

/**
 * Silences created from the portal (their Alertmanager id and end, on the `silenced` event) and
 * the reconciler's bookkeeping (when it last compared the store with upstream).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('observability_alert_events', table => {
    table
      .string('silence_id', 64)
      .nullable()
      .comment(
        'Alertmanager silence id, on silenced and silence_expired events',
      );
    table
      .timestamp('silence_ends_at', { useTz: true })
      .nullable()
      .comment('When the silence ends, on silenced events');
  });
  await knex.schema.alterTable('observability_alerts', table => {
    // Stats and retention read alerts by time.
    table.index(['starts_at'], 'observability_alerts_starts_at_idx');
    table.index(['ends_at'], 'observability_alerts_ends_at_idx');
  });
  await knex.schema.createTable('observability_alert_reconciler', table => {
    table.comment('One row: when the reconciler last completed');
    table.string('id', 32).primary();
    table.timestamp('completed_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('observability_alert_reconciler');
  await knex.schema.alterTable('observability_alerts', table => {
    table.dropIndex(['starts_at'], 'observability_alerts_starts_at_idx');
    table.dropIndex(['ends_at'], 'observability_alerts_ends_at_idx');
  });
  await knex.schema.alterTable('observability_alert_events', table => {
    table.dropColumn('silence_id');
    table.dropColumn('silence_ends_at');
  });
};
