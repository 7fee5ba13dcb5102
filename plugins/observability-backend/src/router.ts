import express from 'express';
import Router from 'express-promise-router';
import type { HealthResponse } from '@internal/backstage-plugin-observability-common';

/**
 * The plugin's HTTP API under /api/observability. Entity routes arrive with the entity-scoped
 * Prometheus API; for now the router answers the liveness check.
 */
export async function createRouter(): Promise<express.Router> {
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    const body: HealthResponse = { status: 'ok' };
    res.json(body);
  });

  return router;
}
