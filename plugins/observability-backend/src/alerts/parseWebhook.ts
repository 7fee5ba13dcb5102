import { InputError } from '@backstage/errors';
import { z } from 'zod';

/** Limits on what one notification may carry; anything larger is refused with a 400. */
export const WEBHOOK_LIMITS = {
  alerts: 1000,
  labels: 128,
  labelNameLength: 256,
  labelValueLength: 4096,
  annotationValueLength: 65536,
};

const labelMap = (valueLength: number, what: string) =>
  z
    .record(
      z
        .string()
        .min(1)
        .max(
          WEBHOOK_LIMITS.labelNameLength,
          `${what} names are at most ${WEBHOOK_LIMITS.labelNameLength} characters`,
        ),
      z
        .string({ invalid_type_error: `${what} values must be strings` })
        .max(
          valueLength,
          `${what} values are at most ${valueLength} characters`,
        ),
    )
    .refine(
      m => Object.keys(m).length <= WEBHOOK_LIMITS.labels,
      `at most ${WEBHOOK_LIMITS.labels} ${what}s`,
    );

const timestamp = z
  .string()
  .max(64)
  .refine(s => !Number.isNaN(Date.parse(s)), 'must be an RFC 3339 time');

const alertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: labelMap(WEBHOOK_LIMITS.labelValueLength, 'label').refine(
    m => typeof m.alertname === 'string' && m.alertname.length > 0,
    'must include alertname',
  ),
  annotations: labelMap(WEBHOOK_LIMITS.annotationValueLength, 'annotation'),
  startsAt: timestamp,
  endsAt: timestamp.optional(),
  generatorURL: z.string().max(2048).optional(),
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
  receiver: z.string().max(1024).optional(),
  groupKey: z.string().max(8192).optional(),
  truncatedAlerts: z.number().int().nonnegative().optional(),
  externalURL: z.string().max(2048).optional(),
  alerts: z
    .array(alertSchema)
    .max(
      WEBHOOK_LIMITS.alerts,
      `at most ${WEBHOOK_LIMITS.alerts} alerts per notification`,
    ),
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
}

/** Alertmanager's "no end yet". */
const isZeroTime = (d: Date) => d.getUTCFullYear() <= 1;

/**
 * Validates an Alertmanager webhook body (payload version 4). A body that can never be stored
 * throws an InputError naming the field (`alerts[3].labels.job: ...`), which the router answers
 * with a 400 so Alertmanager stops retrying it.
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
  return {
    status: payload.status,
    receiver: payload.receiver,
    externalURL: payload.externalURL,
    truncatedAlerts: payload.truncatedAlerts ?? 0,
    alerts: payload.alerts.map(a => {
      const endsAt = a.endsAt ? new Date(a.endsAt) : undefined;
      return {
        status: a.status,
        labels: a.labels,
        annotations: a.annotations,
        startsAt: new Date(a.startsAt),
        endsAt: endsAt && !isZeroTime(endsAt) ? endsAt : undefined,
        generatorURL: a.generatorURL || undefined,
        fingerprint: a.fingerprint,
      };
    }),
  };
}
