import {
  BackstageCredentials,
  BackstageUserPrincipal,
  BackstageServicePrincipal,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';

interface Decision {
  entity: Entity | undefined;
  expiresAt: number;
}

/**
 * Loads entities through the catalog with the caller's own credentials, so a caller who may not
 * read an entity gets a 404 and never its metrics. The catalog's answer is remembered for a few
 * seconds per caller and entity: a dashboard refreshing its sections should not cost one catalog
 * round trip each, and a revoked permission takes effect within the TTL.
 */
export class EntityAccess {
  private readonly decisions = new Map<string, Decision>();

  constructor(
    private readonly catalog: CatalogService,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The entity and until when (epoch ms) this caller's access to it stands without asking the
   * catalog again: what may be answered from memory for this caller and entity lasts no longer.
   */
  async access(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<{ entity: Entity; expiresAt: number }> {
    const entityRef = stringifyEntityRef(ref);
    const key = `${EntityAccess.callerKey(credentials)}\n${entityRef}`;
    const now = this.now();
    let decision = this.ttlMs > 0 ? this.decisions.get(key) : undefined;
    if (!decision || decision.expiresAt <= now) {
      const entity = await this.catalog.getEntityByRef(ref, { credentials });
      decision = { entity, expiresAt: now + this.ttlMs };
      if (this.ttlMs > 0) {
        this.remember(key, decision);
      }
    }
    if (!decision.entity) {
      throw new NotFoundError(`No entity ${entityRef} (or you may not see it)`);
    }
    return {
      entity: decision.entity,
      expiresAt: this.ttlMs > 0 ? decision.expiresAt : 0,
    };
  }

  private remember(key: string, decision: Decision) {
    if (this.decisions.size >= this.maxEntries) {
      // Oldest first: Maps iterate in insertion order.
      const oldest = this.decisions.keys().next().value;
      if (oldest !== undefined) this.decisions.delete(oldest);
    }
    this.decisions.delete(key);
    this.decisions.set(key, decision);
  }

  /** Who is asking: a user by entity ref, a service by subject. */
  static callerKey(credentials: BackstageCredentials): string {
    const principal = credentials.principal as
      | BackstageUserPrincipal
      | BackstageServicePrincipal
      | { type: string };
    if (principal.type === 'user') {
      return `user:${(principal as BackstageUserPrincipal).userEntityRef}`;
    }
    if (principal.type === 'service') {
      return `service:${(principal as BackstageServicePrincipal).subject}`;
    }
    return principal.type;
  }
}
