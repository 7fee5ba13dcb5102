import {
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  AlertActionPermission,
  alertAcknowledgePermission,
  AlertsResponse,
  alertSilencePermission,
  AlertStatsResponse,
  AlertView,
} from '@stagewatch/backstage-plugin-observability-common';
import express from 'express';
import { z } from 'zod';
import { parseInput } from '../service/parseInput';
import { EntityAccess } from '../entities/EntityAccess';
import { AlertEntityIndex } from './AlertEntityIndex';
import { AlertmanagerClient } from './AlertmanagerClient';
import { AlertStore, StoredAlert, StoredAlertEvent } from './AlertStore';
import { parseWebhook } from './parseWebhook';
import { silenceMatchers } from './silenceMatchers';
import { PluginMetrics } from '../metrics/PluginMetrics';

export interface AlertRoutesOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
  store: AlertStore;
  index: AlertEntityIndex;
  /** Counts webhook outcomes for the plugin's /metrics. */
  metrics?: PluginMetrics;
  /** Where silences go; without it silencing answers 503. */
  alertmanager?: AlertmanagerClient;
  /** The entity, after loading it with the caller's credentials (404 otherwise). */
  loadEntity: (
    req: express.Request,
  ) => Promise<{ entityRef: string; owner?: string }>;
  now: () => number;
  /**
   * How long the history's "may you acknowledge or silence" answer is reused per caller and
   * entity, at most `observability.authorizationCacheTtl` (the entity itself is reused as long);
   * 0 or absent: asked on every request. Writes ask the permission service every time.
   */
  permissionHintTtlMs?: number;
  /** The most callers and entities whose answer is kept; the least recently used go first. */
  permissionHintEntries?: number;
}

const seconds = z.coerce.number().finite();
const listQuery = z.object({
  from: seconds.optional(),
  to: seconds.optional(),
  state: z.enum(['firing', 'resolved']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
const statsQuery = z.object({
  from: seconds.optional(),
  to: seconds.optional(),
});
const note = z.string().max(1000, 'note is at most 1000 characters').optional();
const acknowledgeBody = z.object({ note }).strict();
const silenceBody = z
  .object({
    duration: z
      .string()
      .regex(/^\d+[mhd]$/, 'duration must look like 30m, 4h or 1d'),
    note,
  })
  .strict();

const MIN_SILENCE_SECONDS = 60;
const MAX_SILENCE_SECONDS = 30 * 86400;

/** A Prometheus duration of minutes, hours or days, in seconds. */
export function silenceSeconds(duration: string): number {
  const value = Number(duration.slice(0, -1));
  const unit = { m: 60, h: 3600, d: 86400 }[
    duration.slice(-1) as 'm' | 'h' | 'd'
  ];
  const total = value * unit;
  if (total < MIN_SILENCE_SECONDS || total > MAX_SILENCE_SECONDS) {
    throw new InputError(
      `Invalid silence: duration must be between 1m and 30d, got ${duration}`,
    );
  }
  return total;
}

const unix = (d: Date) => Math.floor(d.getTime() / 1000);

export function toAlertView(a: StoredAlert): AlertView {
  const person = (e: StoredAlertEvent) => ({
    by: e.actor ?? 'unknown',
    time: unix(e.at),
    note: e.note,
  });
  return {
    id: a.id,
    fingerprint: a.fingerprint,
    alertname: a.alertname,
    severity: a.severity,
    status: a.status,
    labels: a.labels,
    annotations: a.annotations,
    generatorURL: a.generatorURL,
    startsAt: unix(a.startsAt),
    endsAt: a.endsAt ? unix(a.endsAt) : null,
    value: a.annotations.value ?? null,
    entityRefs: a.entityRefs,
    acknowledged: a.acknowledged ? person(a.acknowledged) : null,
    silenced:
      a.silenced && a.silenced.silenceId && a.silenced.silenceEndsAt
        ? {
            ...person(a.silenced),
            silenceId: a.silenced.silenceId,
            endsAt: unix(a.silenced.silenceEndsAt),
          }
        : null,
    events: a.events.map(e => ({
      type: e.type,
      time: unix(e.at),
      actor: e.actor,
      note: e.note,
    })),
  };
}

/** The webhook receiver's own JSON parser: notifications are larger than API requests. */
export const webhookJson = express.json({ limit: '5mb' });

/**
 * Alert ingest and history. The webhook answers 2xx only once the notification is stored, 5xx
 * when storing failed for a reason that may pass (Alertmanager retries those), and 4xx only for
 * a body that is not an Alertmanager notification (Alertmanager drops those, so they are
 * logged). Anything a notification may carry is stored: any number of alerts within the body
 * limit, over-long text truncated and marked, characters no database holds replaced.
 */
export function addAlertRoutes(
  router: express.Router,
  options: AlertRoutesOptions,
) {
  const { httpAuth, logger, store, index } = options;

  router.post('/alerts/webhook', async (req, res) => {
    // A Backstage external-access token (backend.auth.externalAccess) or another plugin; never a user.
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    let notification;
    try {
      notification = parseWebhook(req.body);
    } catch (error) {
      options.metrics?.alertNotifications.inc({ outcome: 'invalid' });
      logger.warn(
        `Refused an alert notification from ${credentials.principal.subject}: ${
          (error as Error).message
        }`,
      );
      throw error;
    }
    let alerts;
    try {
      alerts = await Promise.all(
        notification.alerts.map(async a => ({
          ...a,
          entityRefs: await index.entitiesFor(a.labels),
        })),
      );
    } catch (error) {
      options.metrics?.alertNotifications.inc({ outcome: 'unavailable' });
      throw new ServiceUnavailableError(
        `Could not map alerts to entities (catalog unavailable): ${
          (error as Error).message
        }`,
      );
    }
    try {
      await store.record(alerts, { actor: 'webhook' });
    } catch (error) {
      options.metrics?.alertNotifications.inc({ outcome: 'unavailable' });
      logger.error(`Could not store an alert notification: ${error}`);
      throw new ServiceUnavailableError(
        `Could not store the notification, retry later: ${
          (error as Error).message
        }`,
      );
    }
    if (notification.adjusted.length > 0) {
      // Stored all the same (a 4xx would lose every alert of the notification); say what changed.
      const shown = notification.adjusted.slice(0, 10).join('; ');
      const more =
        notification.adjusted.length > 10
          ? ` (and ${notification.adjusted.length - 10} more)`
          : '';
      logger.warn(
        `Stored an alert notification with text the store cannot hold as sent: ${shown}${more}`,
      );
    }
    if (notification.truncatedAlerts > 0) {
      logger.warn(
        `Alertmanager truncated ${notification.truncatedAlerts} alerts of a notification; the reconciler picks them up`,
      );
    }
    options.metrics?.alertNotifications.inc({ outcome: 'stored' });
    res.json({ stored: alerts.length });
  });

  /** What the caller may do with the entity's alerts, with a reason to show when not. */
  async function decide(
    credentials: BackstageCredentials,
    entity: { entityRef: string; owner?: string },
  ): Promise<AlertsResponse['permissions']> {
    const [acknowledge, silence] = await options.permissions.authorize(
      [
        {
          permission: alertAcknowledgePermission,
          resourceRef: entity.entityRef,
        },
        { permission: alertSilencePermission, resourceRef: entity.entityRef },
      ],
      { credentials },
    );
    const isUser = (credentials.principal as { type?: string }).type === 'user';
    const verdict = (
      allowed: boolean,
      permission: string,
      action: string,
    ): AlertActionPermission => {
      if (!isUser)
        return {
          allowed: false,
          reason: `Only a signed-in person can ${action} alerts`,
        };
      if (allowed) return { allowed: true };
      return {
        allowed: false,
        reason: `The portal's permission policy does not let you ${action} alerts of ${
          entity.entityRef
        } (${permission})${
          entity.owner ? `; its owner is ${entity.owner}` : ''
        }`,
      };
    };
    return {
      acknowledge: verdict(
        acknowledge.result === AuthorizeResult.ALLOW,
        alertAcknowledgePermission.name,
        'acknowledge',
      ),
      silence: verdict(
        silence.result === AuthorizeResult.ALLOW,
        alertSilencePermission.name,
        'silence',
      ),
    };
  }

  type Permissions = AlertsResponse['permissions'];
  const hintTtlMs = options.permissionHintTtlMs ?? 0;
  const hintEntries = options.permissionHintEntries ?? 10_000;
  const hints = new Map<
    string,
    { expiresAt: number; permissions: Promise<Permissions> }
  >();

  /**
   * The answer `decide` gave this caller for this entity moments ago: the history asks it on
   * every request, and the permission service's conditional decision (the catalog's ownership
   * rule) costs more than a quiet entity's history. Only a hint for what the page offers: every
   * write decides again.
   */
  function permissionHint(
    credentials: BackstageCredentials,
    entity: { entityRef: string; owner?: string },
  ): Promise<Permissions> {
    if (hintTtlMs <= 0) return decide(credentials, entity);
    const key = `${EntityAccess.callerKey(credentials)}\n${entity.entityRef}`;
    const nowMs = options.now() * 1000;
    const cached = hints.get(key);
    hints.delete(key);
    if (cached && cached.expiresAt > nowMs) {
      // Re-inserted: a Map iterates in insertion order, so its first key is the least recent.
      hints.set(key, cached);
      return cached.permissions;
    }
    const entry = {
      expiresAt: nowMs + hintTtlMs,
      permissions: decide(credentials, entity),
    };
    while (hints.size >= hintEntries) {
      const oldest = hints.keys().next().value;
      if (oldest === undefined) break;
      hints.delete(oldest);
    }
    hints.set(key, entry);
    // A failure is not an answer: the next request asks again.
    entry.permissions.catch(() => {
      if (hints.get(key) === entry) hints.delete(key);
    });
    return entry.permissions;
  }

  /**
   * A write on one of the entity's alerts: a person (a write is attributed), the entity visible
   * to them, the permission granted, the alert belonging to the entity.
   */
  async function authorizeWrite(
    req: express.Request,
    which: 'acknowledge' | 'silence',
  ) {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entity = await options.loadEntity(req);
    const decision = (await decide(credentials, entity))[which];
    if (!decision.allowed) throw new NotAllowedError(decision.reason);
    const alert = await store.getAlert(req.params.id);
    if (!alert || !alert.entityRefs.includes(entity.entityRef)) {
      throw new NotFoundError(
        `No alert ${req.params.id} belongs to ${entity.entityRef}`,
      );
    }
    const actor = (credentials.principal as BackstageUserPrincipal)
      .userEntityRef;
    return { alert, actor, entity };
  }

  router.get('/entities/:kind/:namespace/:name/alerts', async (req, res) => {
    const q = parseInput(listQuery, req.query, 'alerts query');
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entity = await options.loadEntity(req);
    const to = q.to ?? Math.floor(options.now());
    const from = q.from ?? to - 7 * 86400;
    if (from > to)
      throw new InputError('Invalid alerts query: from is after to');
    const [{ alerts, total }, permissions] = await Promise.all([
      store.listForEntity(entity.entityRef, {
        from: new Date(from * 1000),
        to: new Date(to * 1000),
        state: q.state,
        limit: q.limit,
        offset: q.offset,
      }),
      permissionHint(credentials, entity),
    ]);
    const body: AlertsResponse = {
      entityRef: entity.entityRef,
      from,
      to,
      total,
      alerts: alerts.map(toAlertView),
      permissions,
    };
    res.json(body);
  });

  router.get(
    '/entities/:kind/:namespace/:name/alerts/stats',
    async (req, res) => {
      const q = parseInput(statsQuery, req.query, 'alert stats query');
      const { entityRef } = await options.loadEntity(req);
      const to = q.to ?? Math.floor(options.now());
      const from = q.from ?? to - 7 * 86400;
      if (from > to)
        throw new InputError('Invalid alert stats query: from is after to');
      const stats = await store.stats(entityRef, {
        from: new Date(from * 1000),
        to: new Date(to * 1000),
      });
      const body: AlertStatsResponse = { entityRef, from, to, ...stats };
      res.json(body);
    },
  );

  for (const acknowledged of [true, false]) {
    router.post(
      `/entities/:kind/:namespace/:name/alerts/:id/${
        acknowledged ? 'acknowledge' : 'unacknowledge'
      }`,
      async (req, res) => {
        const body = parseInput(acknowledgeBody, req.body, 'acknowledgement');
        const { alert, actor } = await authorizeWrite(req, 'acknowledge');
        const updated = await store.setAcknowledged(alert.id, acknowledged, {
          actor,
          note: body.note,
        });
        logger.info(
          `${actor} ${acknowledged ? 'acknowledged' : 'unacknowledged'} alert ${
            alert.alertname
          } (${alert.id})`,
        );
        res.json(toAlertView(updated));
      },
    );
  }

  router.post(
    '/entities/:kind/:namespace/:name/alerts/:id/silence',
    async (req, res) => {
      const body = parseInput(silenceBody, req.body, 'silence');
      const durationSeconds = silenceSeconds(body.duration);
      const { alert, actor } = await authorizeWrite(req, 'silence');
      const alertmanager = requireAlertmanager();
      if (alert.status !== 'firing') {
        throw new ConflictError(
          `Alert ${alert.alertname} is resolved; there is nothing to silence`,
        );
      }
      const startsAt = new Date();
      const endsAt = new Date(startsAt.getTime() + durationSeconds * 1000);
      // Exactly this alert: every one of its labels (as regex where stored truncated).
      const silenceId = await alertmanager.createSilence({
        matchers: silenceMatchers(alert.labels),
        startsAt,
        endsAt,
        createdBy: actor,
        comment: body.note?.trim() || `Silenced from Backstage by ${actor}`,
      });
      const updated = await store.recordSilence(alert.id, {
        actor,
        note: body.note,
        silenceId,
        endsAt,
        now: startsAt,
      });
      logger.info(
        `${actor} silenced alert ${alert.alertname} (${alert.id}) for ${body.duration}: silence ${silenceId}`,
      );
      res.status(201).json(toAlertView(updated));
    },
  );

  router.delete(
    '/entities/:kind/:namespace/:name/alerts/:id/silence',
    async (req, res) => {
      const { alert, actor } = await authorizeWrite(req, 'silence');
      const alertmanager = requireAlertmanager();
      if (!alert.silenced?.silenceId) {
        throw new ConflictError(
          `Alert ${alert.alertname} has no active silence created in the portal`,
        );
      }
      await alertmanager.expireSilence(alert.silenced.silenceId);
      const updated = await store.recordSilenceExpired(alert.id, {
        actor,
        silenceId: alert.silenced.silenceId,
      });
      logger.info(
        `${actor} expired silence ${alert.silenced.silenceId} of alert ${alert.alertname} (${alert.id})`,
      );
      res.json(toAlertView(updated));
    },
  );

  function requireAlertmanager(): AlertmanagerClient {
    if (!options.alertmanager) {
      throw new ServiceUnavailableError(
        'Silencing needs observability.alertmanager.baseUrl in app-config',
      );
    }
    return options.alertmanager;
  }
}
