import { withTraceparent } from '../../correlation/requestContext';
import { LiveRule } from '../RuleDeliveryStore';

/** A group as `/api/v1/rules` reports it; `file` is a path (Prometheus) or namespace (ruler). */
export interface LiveGroup {
  name: string;
  file: string;
  rules: LiveRule[];
}

interface ApiRule {
  name?: string;
  type?: string;
  health?: string;
  lastError?: string;
  lastEvaluation?: string;
  state?: string;
}

/** Before its first evaluation Prometheus reports the zero time. */
const NEVER = /^0001-01-01/;

function toLiveRule(rule: ApiRule): LiveRule {
  const health =
    rule.health === 'ok' || rule.health === 'err' || rule.health === 'unknown'
      ? rule.health
      : undefined;
  const state =
    rule.state === 'inactive' ||
    rule.state === 'pending' ||
    rule.state === 'firing'
      ? rule.state
      : undefined;
  return {
    name: rule.name ?? '',
    type: rule.type === 'recording' ? 'recording' : 'alerting',
    ...(health ? { health } : {}),
    // Mimir always sends lastError, empty when there is none.
    ...(rule.lastError ? { lastError: rule.lastError } : {}),
    ...(rule.lastEvaluation && !NEVER.test(rule.lastEvaluation)
      ? { lastEvaluation: rule.lastEvaluation }
      : {}),
    ...(state ? { state } : {}),
  };
}

/**
 * Every rule group the instance runs, from its `/api/v1/rules`. Prometheus 2.42 ignores the
 * `rule_group[]`/`file[]` filters, so the caller picks its groups from the whole list.
 */
export async function readRuleGroups(target: {
  apiBaseUrl: string;
  headers: Record<string, string>;
  timeoutMs?: number;
}): Promise<LiveGroup[]> {
  const url = `${target.apiBaseUrl}/api/v1/rules`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: withTraceparent({
        Accept: 'application/json',
        ...target.headers,
      }),
      signal: AbortSignal.timeout(target.timeoutMs ?? 30_000),
    });
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    throw new Error(
      `GET ${url} failed: ${e.cause?.code ?? e.cause?.message ?? e.message}`,
    );
  }
  const text = await response.text().catch(() => '');
  let body:
    | {
        status?: string;
        data?: {
          groups?: Array<{ name?: string; file?: string; rules?: ApiRule[] }>;
        };
      }
    | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok || body?.status !== 'success') {
    throw new Error(
      `GET ${url} answered ${response.status}: ${text.trim().slice(0, 500)}`,
    );
  }
  return (body.data?.groups ?? []).map(group => ({
    name: group.name ?? '',
    file: group.file ?? '',
    rules: (group.rules ?? []).map(toLiveRule),
  }));
}
