import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// auth: guest sign-in for development; add a real provider for production
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// Demo only: sign in as a person of examples/org.yaml (auth.providers.demo). Stays off unless
// NODE_ENV and auth.environment are both development; see src/demoSignIn.
backend.add(import('./demoSignIn'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
// observability:annotations, observability:rules:render, observability:dashboard:grafana
backend.add(
  import(
    '@stagewatch/backstage-plugin-scaffolder-backend-module-observability'
  ),
);
// Demo only: the service-with-monitoring template's publish and deploy steps
// (observabilityDemo.scaffolder); off outside development, like the demo sign-in.
backend.add(import('./demoScaffolder'));

backend.add(import('@backstage/plugin-permission-backend'));
// Everything is allowed except acting on alerts, which is for the owning group's members.
backend.add(import('./observabilityPermissionPolicy'));

backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.add(import('@backstage/plugin-user-settings-backend'));
// user settings are pushed to open browser tabs through signals
backend.add(import('@backstage/plugin-signals-backend'));

backend.add(import('@stagewatch/backstage-plugin-observability-backend'));
backend.start();
