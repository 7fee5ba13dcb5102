import { LruMap } from '@stagewatch/backstage-plugin-observability-node';

/**
 * Answers already given to a caller, by caller, entity and request, kept until the first of two
 * moments: the caller's access to the entity is due to be asked of the catalog again
 * (EntityAccess' TTL) or the upstream result behind the answer is no longer fresh (the query
 * executor's TTL). Within that window the full route would rebuild exactly this answer from
 * exactly those cached parts, so a repeated request (a dashboard refreshing, many tabs open on
 * one service) is answered without validating, resolving and scoping it again. The answer was
 * scoped when it was built, the key holds the caller, so no caller is ever given another's answer,
 * and the request's token is still verified by Backstage on every request.
 */
export class WarmAnswers<T extends object> {
  private readonly answers: LruMap<string, { body: T; expiresAt: number }>;

  constructor(
    maxEntries = 2000,
    /** Longer keys (a large query) are not kept: the memory is not worth it. */
    private readonly maxKeyLength = 4096,
    private readonly now: () => number = Date.now,
  ) {
    this.answers = new LruMap(maxEntries);
  }

  /**
   * The key of a request: who asks (EntityAccess.callerKey), the entity as the route names it and
   * the request's parsed body. Undefined when the answer should not be kept.
   */
  keyOf(caller: string, entity: string, request: unknown): string | undefined {
    const key = `${caller}\n${entity}\n${JSON.stringify(request)}`;
    return key.length <= this.maxKeyLength ? key : undefined;
  }

  get(key: string | undefined): T | undefined {
    if (key === undefined) return undefined;
    const known = this.answers.get(key);
    if (!known) return undefined;
    if (known.expiresAt <= this.now()) {
      this.answers.delete(key);
      return undefined;
    }
    return known.body;
  }

  /** Keeps `body` until `expiresAt` (epoch ms); a moment already past keeps nothing. */
  set(key: string | undefined, body: T, expiresAt: number): void {
    if (key === undefined || expiresAt <= this.now()) return;
    this.answers.set(key, { body, expiresAt });
  }

  get size(): number {
    return this.answers.size;
  }
}
