import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import type {
  AlertsResponse,
  AlertView,
} from '@internal/backstage-plugin-observability-common';
import express from 'express';
import { z } from 'zod';
import { AlertEntityIndex } from './AlertEntityIndex';
import { AlertStore, StoredAlert } from './AlertStore';
import { parseWebhook } from './parseWebhook';

export interface AlertRoutesOptions {
  httpAuth: HttpAuthService;
  logger: LoggerService;
  store: AlertStore;
  index: AlertEntityIndex;
  /** The entity ref, after loading the entity with the caller's credentials (404 otherwise). */
  loadEntityRef: (req: express.Request) => Promise<string>;
  now: () => number;
}

const seconds = z.coerce.number().finite();
const listQuery = z.object({
  from: seconds.optional(),
  to: seconds.optional(),
  state: z.enum(['firing', 'resolved']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

const unix = (d: Date) => Math.floor(d.getTime() / 1000);

export function toAlertView(a: StoredAlert): AlertView {
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
    entityRefs: a.entityRefs,
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
 * a body that can never be stored (Alertmanager drops those, so they are logged).
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
      throw new ServiceUnavailableError(
        `Could not map alerts to entities (catalog unavailable): ${
          (error as Error).message
        }`,
      );
    }
    try {
      await store.record(alerts, { actor: 'webhook' });
    } catch (error) {
      logger.error(`Could not store an alert notification: ${error}`);
      throw new ServiceUnavailableError(
        `Could not store the notification, retry later: ${
          (error as Error).message
        }`,
      );
    }
    if (notification.truncatedAlerts > 0) {
      logger.warn(
        `Alertmanager truncated ${notification.truncatedAlerts} alerts of a notification; the reconciler picks them up`,
      );
    }
    res.json({ stored: alerts.length });
  });

  router.get('/entities/:kind/:namespace/:name/alerts', async (req, res) => {
    const parsed = listQuery.safeParse(req.query);
    if (!parsed.success) {
      throw new InputError(
        `Invalid alerts query: ${parsed.error.issues
          .map(i => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
    }
    const q = parsed.data;
    const entityRef = await options.loadEntityRef(req);
    const to = q.to ?? options.now();
    const from = q.from ?? to - 7 * 86400;
    if (from > to)
      throw new InputError('Invalid alerts query: from is after to');
    const { alerts, total } = await store.listForEntity(entityRef, {
      from: new Date(from * 1000),
      to: new Date(to * 1000),
      state: q.state,
      limit: q.limit,
      offset: q.offset,
    });
    const body: AlertsResponse = {
      entityRef,
      from,
      to,
      total,
      alerts: alerts.map(toAlertView),
    };
    res.json(body);
  });
}
