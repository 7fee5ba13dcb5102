import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import express from 'express';
import { z } from 'zod';
import { parseInput } from '../service/parseInput';
import { LatencyExemplarService } from './latencyExemplars';
import { TraceService } from './TraceService';
import { parseNoQuery, parseTraceId, parseTraceListQuery } from './traceQuery';
import { ResolvedEntityScope } from '@stagewatch/backstage-plugin-observability-node';

export interface TraceRoutesOptions {
  traces: TraceService;
  exemplars: LatencyExemplarService;
  /** The entity loaded with the caller's credentials (404 otherwise). */
  loadEntity: (req: express.Request) => Promise<Entity>;
  /** The entity and its metrics scope (400 when it has none). */
  loadTarget: (req: express.Request) => Promise<ResolvedEntityScope>;
  now: () => number;
}

const seconds = z.coerce.number().finite();
const exemplarQuery = z
  .object({ from: seconds.optional(), to: seconds.optional() })
  .strict();
/** Prometheus keeps exemplars in a ring buffer; a day is far more than it holds. */
const MAX_EXEMPLAR_WINDOW_SECONDS = 86_400;

/** The entity trace routes and the latency exemplars that link its metrics to traces. */
export function addTraceRoutes(
  router: express.Router,
  options: TraceRoutesOptions,
) {
  const { traces, loadEntity } = options;
  const base = '/entities/:kind/:namespace/:name';

  router.get(`${base}/traces`, async (req, res) => {
    const query = parseTraceListQuery(req.query);
    res.json(await traces.list(await loadEntity(req), query));
  });

  // Before `/traces/:traceId`, which would take "operations" for an id.
  router.get(`${base}/traces/operations`, async (req, res) => {
    parseNoQuery(req.query, 'operations query');
    res.json(await traces.operations(await loadEntity(req)));
  });

  router.get(`${base}/traces/:traceId`, async (req, res) => {
    parseNoQuery(req.query, 'trace query');
    const traceId = parseTraceId(req.params.traceId);
    res.json(await traces.trace(await loadEntity(req), traceId));
  });

  router.get(`${base}/exemplars`, async (req, res) => {
    const q = parseInput(exemplarQuery, req.query, 'exemplars query');
    const to = q.to ?? options.now();
    const from = q.from ?? to - 3600;
    if (!(from < to) || to - from > MAX_EXEMPLAR_WINDOW_SECONDS) {
      throw new InputError(
        'Invalid exemplars query: from must be before to, at most 24h apart',
      );
    }
    const target = await options.loadTarget(req);
    res.json(await options.exemplars.exemplars(target, from, to));
  });
}
