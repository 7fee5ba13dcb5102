/*
 * The backend the benchmark measures: the portal's own plugins (auth with guest sign-in, catalog,
 * permissions, observability) plus two things only the benchmark needs — Backstage's proxy-backend
 * pointed at Prometheus (arm b, the path the Roadie plugin uses) and a `bench-floor` plugin with
 * an authenticated route that does nothing (arm e). Run with NODE_ENV=production by run.sh.
 */
import { createBackend } from '@backstage/backend-defaults';
import express from 'express';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';

const benchFloor = createBackendPlugin({
  pluginId: 'bench-floor',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
      },
      async init({ httpRouter, httpAuth }) {
        httpRouter.use(async (req, res, next) => {
          if (req.path !== '/noop') return next();
          await httpAuth.credentials(req, { allow: ['user'] });
          res.json({});
          return undefined;
        });
        // A diagnostic, not the floor: the same POST body in and as many bytes out as the
        // entity API's answer (?bytes=N), so what the payload costs is told apart from the
        // route's own work.
        const answers = new Map<number, Buffer>();
        const parseJson = express.json({ limit: '64kb' });
        httpRouter.use((req, res, next) => {
          if (req.path !== '/echo') return next();
          return parseJson(req, res, async () => {
            await httpAuth.credentials(req, { allow: ['user'] });
            const bytes = Number(req.query.bytes ?? 2);
            let answer = answers.get(bytes);
            if (!answer) {
              answer = Buffer.from(
                JSON.stringify({ pad: 'x'.repeat(Math.max(0, bytes - 10)) }),
              );
              answers.set(bytes, answer);
            }
            res.setHeader('Content-Type', 'application/json; charset=utf-8');
            res.setHeader('Content-Length', answer.length);
            res.end(answer);
          });
        });
      },
    });
  },
});

const backend = createBackend();
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
// The portal's own policy (reads are allowed; only acting on alerts is restricted).
backend.add(
  import('../../../packages/backend/src/observabilityPermissionPolicy'),
);
backend.add(import('@backstage/plugin-proxy-backend'));
backend.add(import('@stagewatch/backstage-plugin-observability-backend'));
backend.add(benchFloor);
backend.start();
