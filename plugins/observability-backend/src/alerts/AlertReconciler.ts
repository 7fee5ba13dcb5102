import { LoggerService } from '@backstage/backend-plugin-api';
import { PluginMetrics } from '../metrics/PluginMetrics';
import { QueryExecutor } from '../prometheus/QueryExecutor';
import { alertFingerprint } from './alertFingerprint';
import { AlertEntityIndex } from './AlertEntityIndex';
import { ENTITY_LABEL } from './alertEntityMapping';
import { AlertmanagerClient } from './AlertmanagerClient';
import { AlertStore, IncomingAlert } from './AlertStore';
import { WebhookAlert } from './parseWebhook';
import { storableAlertText } from './sanitizeAlertText';
import { scopeQuery } from '@stagewatch/backstage-plugin-observability-node';

export interface ReconcileResult {
  /** Alerts Alertmanager holds now that the store did not know. */
  recordedFromAlertmanager: number;
  /** Alerts Prometheus's ALERTS series show firing in the gap, unknown to the store. */
  recordedFromPrometheus: number;
  /** Stored firing alerts that Alertmanager no longer holds, now resolved. */
  resolved: number;
  /** Firing alerts whose entities changed with the annotations. */
  remapped: number;
  /** Silences that ran out. */
  lapsedSilences: number;
  errors: string[];
}

/** How far back a first run, or a run after a long outage, looks in Prometheus. */
const MAX_LOOKBACK_SECONDS = 24 * 3600;
const FIRST_RUN_LOOKBACK_SECONDS = 3600;

/**
 * Catches up with what the webhook missed (a backend that was down, a notification that was
 * dropped). Alertmanager's `/api/v2/alerts` says what fires now: unknown alerts are recorded and
 * stored ones it no longer holds are resolved. Alertmanager forgets resolved alerts, so alerts
 * that fired and resolved while nobody listened are read from Prometheus's `ALERTS` series since
 * the last completed run, one query per entity scoped with the entity's alert matchers.
 */
export class AlertReconciler {
  constructor(
    private readonly options: {
      store: AlertStore;
      index: AlertEntityIndex;
      logger: LoggerService;
      alertmanager?: AlertmanagerClient;
      executor?: QueryExecutor;
      metrics?: PluginMetrics;
      now?: () => Date;
    },
  ) {}

  async run(): Promise<ReconcileResult> {
    const { store, logger } = this.options;
    const now = this.options.now?.() ?? new Date();
    const result: ReconcileResult = {
      recordedFromAlertmanager: 0,
      recordedFromPrometheus: 0,
      resolved: 0,
      remapped: 0,
      lapsedSilences: 0,
      errors: [],
    };
    const fromPrometheus = await this.fromPrometheus(now, result);
    const knownIds = new Set((await store.firing()).map(a => a.id));
    if (fromPrometheus.length) {
      // Only what the store lacks: ALERTS carries no annotations, the webhook's copy does.
      const before = await this.existing(fromPrometheus);
      const missing = fromPrometheus.filter(
        a => !before.has(AlertStore.alertId(a.fingerprint, a.startsAt)),
      );
      await store.record(missing, { actor: 'reconciler', now });
      result.recordedFromPrometheus = missing.length;
    }
    if (this.options.alertmanager) {
      try {
        await this.fromAlertmanager(
          this.options.alertmanager,
          knownIds,
          result,
        );
      } catch (error) {
        result.errors.push((error as Error).message);
      }
    }
    result.remapped = await this.remap();
    result.lapsedSilences = await store.recordLapsedSilences(now);
    // Only a run that read everything moves the mark, so a gap is never skipped.
    if (result.errors.length === 0) await store.setLastReconciledAt(now);
    for (const error of result.errors) {
      logger.warn(`Alert reconciliation incomplete: ${error}`);
    }
    this.options.metrics?.alertReconciliations.inc({
      outcome: result.errors.length ? 'incomplete' : 'complete',
    });
    return result;
  }

  private async existing(alerts: IncomingAlert[]): Promise<Set<string>> {
    const ids = new Set<string>();
    for (const a of alerts) {
      const id = AlertStore.alertId(a.fingerprint, a.startsAt);
      if (await this.options.store.getAlert(id)) ids.add(id);
    }
    return ids;
  }

  private async fromAlertmanager(
    alertmanager: AlertmanagerClient,
    knownFiringIds: Set<string>,
    result: ReconcileResult,
  ) {
    const { store } = this.options;
    // Alerts stored before this moment must be in the snapshot if they still fire.
    const snapshotAt = new Date();
    const active = await alertmanager.activeAlerts();
    const activeIds = new Set(
      active.map(a => AlertStore.alertId(a.fingerprint, a.startsAt)),
    );
    const unknown = active.filter(
      a => !knownFiringIds.has(AlertStore.alertId(a.fingerprint, a.startsAt)),
    );
    const incoming = await this.withEntities(unknown);
    const before = await this.existing(incoming);
    await store.record(incoming, { actor: 'reconciler' });
    result.recordedFromAlertmanager = incoming.filter(
      a => !before.has(AlertStore.alertId(a.fingerprint, a.startsAt)),
    ).length;
    for (const stored of await store.firing()) {
      if (activeIds.has(stored.id) || stored.updatedAt >= snapshotAt) continue;
      await store.resolve(stored.id, { actor: 'reconciler', at: snapshotAt });
      result.resolved += 1;
    }
  }

  private async withEntities(alerts: WebhookAlert[]): Promise<IncomingAlert[]> {
    return Promise.all(
      alerts.map(async raw => {
        // Mapped on the text as stored, as the webhook's alerts are (and as remap() re-maps).
        const a = storableAlertText(raw);
        return {
          ...a,
          entityRefs: await this.options.index.entitiesFor(a.labels),
        };
      }),
    );
  }

  /** Alert instances in Prometheus's ALERTS series that started since the last run. */
  private async fromPrometheus(
    now: Date,
    result: ReconcileResult,
  ): Promise<IncomingAlert[]> {
    const { executor, store, index } = this.options;
    if (!executor || executor.instanceNames().length === 0) return [];
    const last = await store.lastReconciledAt();
    const nowSec = Math.floor(now.getTime() / 1000);
    const lookback = Math.min(
      MAX_LOOKBACK_SECONDS,
      last
        ? Math.ceil(nowSec - last.getTime() / 1000) + 300
        : FIRST_RUN_LOOKBACK_SECONDS,
    );
    const windowStart = nowSec - lookback;
    const routes = await index.allRoutes();
    const found = new Map<string, WebhookAlert>();
    for (const instance of executor.instanceNames()) {
      let externalLabels: Record<string, string>;
      try {
        externalLabels = await executor.client(instance).externalLabels();
      } catch (error) {
        result.errors.push(
          `external labels of Prometheus ${instance}: ${
            (error as Error).message
          }`,
        );
        continue;
      }
      for (const route of routes) {
        for (const matchers of [
          route.matchers,
          [{ name: ENTITY_LABEL, op: '=' as const, value: route.entityRef }],
        ]) {
          const query = scopeQuery(
            `ALERTS{alertstate="firing"}[${lookback}s]`,
            matchers,
          );
          try {
            const response = await executor
              .client(instance)
              .query({ kind: 'instant', query, time: nowSec });
            if (response.data.resultType !== 'matrix') continue;
            for (const series of response.data.result) {
              for (const alert of segments(
                series,
                windowStart,
                nowSec,
                externalLabels,
              )) {
                found.set(
                  AlertStore.alertId(alert.fingerprint, alert.startsAt),
                  alert,
                );
              }
            }
          } catch (error) {
            result.errors.push(
              `ALERTS from Prometheus ${instance} for ${route.entityRef}: ${
                (error as Error).message
              }`,
            );
          }
        }
      }
    }
    return this.withEntities([...found.values()]);
  }

  /** Re-maps firing alerts whose entities changed (an annotation was edited). */
  private async remap(): Promise<number> {
    const { store, index } = this.options;
    let changed = 0;
    for (const alert of await store.firing()) {
      const refs = [...(await index.entitiesFor(alert.labels))].sort();
      if (refs.join('\n') !== alert.entityRefs.join('\n')) {
        await store.setEntities(alert.id, refs);
        changed += 1;
      }
    }
    return changed;
  }
}

/**
 * Splits an ALERTS series into firing periods, labelled as Alertmanager sees them. Prometheus writes a sample at every evaluation
 * while the alert fires, the first at the moment it fired (the StartsAt it sends to
 * Alertmanager); the resolution is one evaluation after the last sample. A period that began
 * before the window is skipped: its start is unknown here, and the store already has it.
 */
export function segments(
  series: { metric: Record<string, string>; values: [number, string][] },
  windowStart: number,
  now: number,
  externalLabels: Record<string, string> = {},
): WebhookAlert[] {
  const times = series.values.map(([t]) => t).sort((a, b) => a - b);
  if (times.length === 0) return [];
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  const interval = Math.max(
    1,
    gaps.length ? [...gaps].sort((a, b) => a - b)[gaps.length >> 1] : 60,
  );
  // As Prometheus sends it: its external labels added (the alert's own labels win).
  const labels = { ...externalLabels, ...series.metric };
  delete labels.alertstate;
  delete labels.__name__;
  const fingerprint = alertFingerprint(labels);
  const periods: Array<[number, number]> = [];
  let start = times[0];
  for (let i = 1; i <= times.length; i++) {
    // Prometheus evaluates on an exact cadence, so one missing evaluation is a gap: the alert
    // resolved and fired again.
    if (i === times.length || times[i] - times[i - 1] > 1.5 * interval) {
      periods.push([start, times[i - 1]]);
      if (i < times.length) start = times[i];
    }
  }
  return periods
    .filter(([first]) => first > windowStart + interval)
    .map(([first, last]) => {
      // Still firing when the last sample is recent (Prometheus marks a resolved series stale).
      const resolved = now - last > 2.5 * interval;
      return {
        status: resolved ? ('resolved' as const) : ('firing' as const),
        labels,
        annotations: {},
        startsAt: new Date(first * 1000),
        endsAt: resolved ? new Date((last + interval) * 1000) : undefined,
        fingerprint,
      };
    });
}
