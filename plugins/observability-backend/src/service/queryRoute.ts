import { HttpAuthService } from '@backstage/backend-plugin-api';
import { QueryResponse } from '@stagewatch/backstage-plugin-observability-common';
import { ResolvedEntityScope } from '@stagewatch/backstage-plugin-observability-node';
import express from 'express';
import { z } from 'zod';
import { EntityAccess } from '../entities/EntityAccess';
import { PluginMetrics } from '../metrics/PluginMetrics';
import { EntitySignalsService } from './EntitySignalsService';
import { parseInput } from './parseInput';
import { sendJson } from './serializedJson';
import { WarmAnswers } from './WarmAnswers';

const queryBody = z
  .object({
    query: z.string().min(1, 'query must be a non-empty PromQL expression'),
    time: z.number().finite().optional(),
    from: z.number().finite().optional(),
    to: z.number().finite().optional(),
    step: z.number().finite().positive().optional(),
  })
  .strict();

export interface QueryRouteOptions {
  httpAuth: HttpAuthService;
  /** The entity loaded with the caller's credentials, and until when that access stands. */
  loadEntity: (
    req: express.Request,
  ) => Promise<{ target: ResolvedEntityScope; accessExpiresAt: number }>;
  signals: Pick<EntitySignalsService, 'queryAnswer'>;
  metrics: PluginMetrics;
  warmAnswers: WarmAnswers<QueryResponse>;
}

/**
 * `POST /entities/:kind/:namespace/:name/query`: a person's own PromQL, scoped to the entity.
 * The API's hot path, so the same caller asking the same query of the same entity again (a
 * dashboard refreshing, tabs open on one service) is answered from `warmAnswers` for as long as
 * both the caller's access and the upstream result behind the answer stand (see WarmAnswers).
 */
export function addQueryRoute(
  router: express.Router,
  options: QueryRouteOptions,
) {
  const { httpAuth, loadEntity, signals, metrics, warmAnswers } = options;
  router.post('/entities/:kind/:namespace/:name/query', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { kind, namespace, name } = req.params;
    const key = warmAnswers.keyOf(
      EntityAccess.callerKey(credentials),
      `${kind}:${namespace}/${name}`,
      req.body,
    );
    const warm = warmAnswers.get(key);
    if (warm) {
      metrics.cacheRequests.inc({ result: 'hit' });
      sendJson(req, res, warm);
      return;
    }
    const request = parseInput(queryBody, req.body, 'query body');
    const { target, accessExpiresAt } = await loadEntity(req);
    const { body, freshUntil } = await signals.queryAnswer(target, request);
    warmAnswers.set(key, body, Math.min(accessExpiresAt, freshUntil));
    sendJson(req, res, body);
  });
}
