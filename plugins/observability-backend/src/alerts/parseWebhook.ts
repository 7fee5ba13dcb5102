import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { storableAlertText } from './sanitizeAlertText';

/**
 * Only the shape of a notification is checked here: what Alertmanager may legitimately send
 * (any number of alerts, labels and annotations within the body limit, text of any length or
 * content) is accepted and made storable (storableAlertText), because Alertmanager drops a
 * notification answered with a 4xx, every alert in it. A 4xx is for a body that is not an
 * Alertmanager notification at all.
 */
const stringMap = (what: string) =>
  z.record(
    z.string({
      invalid_type_error: `${what} values must be strings`,
      required_error: `${what} values must be strings`,
    }),
    { invalid_type_error: `${what}s must be an object of strings` },
  );

const timestamp = z
  .string()
  .max(64)
  .refine(s => !Number.isNaN(Date.parse(s)), 'must be an RFC 3339 time');

const alertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: stringMap('label'),
  // Go encodes an empty map as null; Alertmanager fills them in, other senders may not.
  annotations: stringMap('annotation').nullish(),
  startsAt: timestamp,
  endsAt: timestamp.nullish(),
  generatorURL: z.string().nullish(),
  // What identifies an alert: Alertmanager's hash of its labels as they were sent.
  fingerprint: z
    .string()
    .regex(/^[0-9a-f]{1,64}$/, 'must be a hex fingerprint'),
});

const payloadSchema = z.object({
  version: z.literal('4', {
    errorMap: () => ({
      message: 'only webhook payload version "4" is understood',
    }),
  }),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().optional(),
  groupKey: z.string().optional(),
  truncatedAlerts: z.number().int().nonnegative().optional(),
  externalURL: z.string().optional(),
  alerts: z.array(alertSchema),
});

/** An alert as the webhook delivered it, validated. Times are Date objects. */
export interface WebhookAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: Date;
  /** Alertmanager sends the zero time ("0001-01-01T00:00:00Z") for alerts still firing. */
  endsAt?: Date;
  generatorURL?: string;
  fingerprint: string;
}

export interface WebhookNotification {
  status: 'firing' | 'resolved';
  receiver?: string;
  externalURL?: string;
  truncatedAlerts: number;
  alerts: WebhookAlert[];
  /** What was truncated or replaced to make the alerts storable (`alerts[3].labels.job: truncated`). */
  adjusted: string[];
}

/** Alertmanager's "no end yet". */
const isZeroTime = (d: Date) => d.getUTCFullYear() <= 1;

/**
 * Validates an Alertmanager webhook body (payload version 4) and makes its alerts storable. A
 * body that is not a notification throws an InputError naming the field (`alerts[3].labels.job:
 * ...`), which the router answers with a 400 so Alertmanager stops retrying it.
 */
export function parseWebhook(body: unknown): WebhookNotification {
  const parsed = payloadSchema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 3).map(issue => {
      const where = issue.path
        .map((p, i) =>
          typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${p}`,
        )
        .join('');
      return `${where || 'body'}: ${issue.message}`;
    });
    const more =
      parsed.error.issues.length > 3
        ? ` (and ${parsed.error.issues.length - 3} more)`
        : '';
    throw new InputError(
      `Not an Alertmanager webhook notification: ${first.join('; ')}${more}`,
    );
  }
  const payload = parsed.data;
  const adjusted: string[] = [];
  return {
    status: payload.status,
    receiver: payload.receiver,
    externalURL: payload.externalURL,
    truncatedAlerts: payload.truncatedAlerts ?? 0,
    alerts: payload.alerts.map((a, i) => {
      const endsAt = a.endsAt ? new Date(a.endsAt) : undefined;
      // Made storable before the entity mapping, so it sees the labels the store keeps (the
      // reconciler re-maps firing alerts from those).
      return storableAlertText(
        {
          status: a.status,
          labels: a.labels,
          annotations: a.annotations ?? {},
          startsAt: new Date(a.startsAt),
          endsAt: endsAt && !isZeroTime(endsAt) ? endsAt : undefined,
          generatorURL: a.generatorURL || undefined,
          fingerprint: a.fingerprint,
        },
        adjusted,
        `alerts[${i}]`,
      );
    }),
    adjusted,
  };
}
