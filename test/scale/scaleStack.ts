/*
 * The scale test bed, every part a real process on 127.0.0.1 started from Debian's packages:
 * PostgreSQL (scripts/test-postgres.sh, started by run.sh: SCALE_POSTGRES_URL), Redis, nginx,
 * Prometheus and Alertmanager with the demo's checkout and payments services, and two backend
 * replicas built as in production. Alertmanager posts to the portal through nginx, like the
 * browser does.
 */
import { randomBytes } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import {
  freePort,
  ManagedProcess,
  RunningDemoStack,
  startDemoStack,
} from '@internal/demo-stack';
import { stringify } from 'yaml';
import {
  installBundle,
  Replica,
  repoRoot,
  startReplica,
  writeReplicaConfig,
} from './backendReplica';
import { renderNginxConfig } from './nginxConfig';
import { startNginx, startRedis } from './sharedServices';

/**
 * A fresh folder for one run under the checkout's .run/scale: the replicas' bundles resolve
 * their third-party packages from the checkout's node_modules, which Node finds by walking up.
 */
export function newRunDir(name: string): string {
  const parent = path.join(repoRoot, '.run', 'scale');
  mkdirSync(parent, { recursive: true });
  // Only the last run of each suite is kept (for its logs): each holds two bundles.
  for (const old of readdirSync(parent)) {
    if (old.startsWith(`${name}-`)) {
      rmSync(path.join(parent, old), { recursive: true, force: true });
    }
  }
  return mkdtempSync(path.join(parent, `${name}-`));
}

export interface ScaleStackOptions {
  runDir: string;
  /** Extra shared app-config (deep-merged by Backstage's config loader after ours). */
  extraConfig?: object;
  /** How often the scheduled tasks run; short, so failover is seen in seconds. */
  taskIntervalSeconds?: number;
}

function postgresFromEnv() {
  const raw = process.env.SCALE_POSTGRES_URL;
  if (!raw) {
    throw new Error(
      'SCALE_POSTGRES_URL is not set: run the suite through test/scale/run.sh, which starts PostgreSQL',
    );
  }
  const url = new URL(raw);
  return {
    host: url.hostname,
    port: url.port || '5432',
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}

/** checkout-b: a service whose metrics live in the second tenant. */
function tenantBEntities(): string {
  return `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout-b
  title: Checkout (tenant B)
  annotations:
    observability/prometheus-instance: tenant-b
    observability/prometheus-selector: '{job="checkout", namespace="shop"}'
    observability/slos: |
      - name: availability
        objective: 99.9
        sli: availability
spec:
  type: service
  lifecycle: production
  owner: team-checkout
  system: shop
`;
}

export class ScaleStack {
  readonly replicas = new Map<string, Replica>();
  readonly webhookToken = randomBytes(16).toString('hex');
  /** Per run, so a rerun on the same PostgreSQL starts from empty databases. */
  readonly databasePrefix = `scale_${randomBytes(4).toString('hex')}_`;
  portalUrl = '';
  demo!: RunningDemoStack;
  /** The second tenant's Prometheus (with its own checkout), reached only through nginx. */
  tenantB!: RunningDemoStack;
  /** nginx's multi-tenant front for both Prometheus servers (`/prometheus`, X-Scope-OrgID). */
  tenantsUrl = '';
  private readonly processes: ManagedProcess[] = [];
  private replicaPorts = new Map<string, number>();
  private sharedConfigFile = '';

  constructor(private readonly options: ScaleStackOptions) {}

  get runDir() {
    return this.options.runDir;
  }

  get postgres() {
    return postgresFromEnv();
  }

  get rulesDir() {
    return path.join(this.runDir, 'demo', 'rules', 'portal');
  }

  get tenantBRulesDir() {
    return path.join(this.runDir, 'tenant-b', 'rules', 'portal');
  }

  async start(replicaNames = ['a', 'b']) {
    const { runDir } = this.options;
    mkdirSync(path.join(runDir, 'nginx', 'tmp'), { recursive: true });
    const portalPort = await freePort();
    this.portalUrl = `http://127.0.0.1:${portalPort}`;
    for (const name of replicaNames)
      this.replicaPorts.set(name, await freePort());

    const redisPort = await freePort();
    const redis = startRedis(redisPort, runDir);
    this.processes.push(redis);

    this.demo = await startDemoStack({
      runDir: path.join(runDir, 'demo'),
      prometheusPort: await freePort(),
      alertmanagerPort: await freePort(),
      services: [
        { name: 'checkout', port: await freePort() },
        { name: 'payments', port: await freePort() },
      ],
      scrapeInterval: '1s',
      webhookUrl: `${this.portalUrl}/api/observability/alerts/webhook`,
      webhookToken: this.webhookToken,
    });

    this.tenantB = await startDemoStack({
      runDir: path.join(runDir, 'tenant-b'),
      prometheusPort: await freePort(),
      services: [{ name: 'checkout', port: await freePort() }],
      scrapeInterval: '1s',
    });
    const tenantsPort = await freePort();
    this.tenantsUrl = `http://127.0.0.1:${tenantsPort}`;

    const nginxDir = path.join(runDir, 'nginx');
    const nginxConfig = renderNginxConfig({
      dir: nginxDir,
      portalPort,
      replicaPorts: [...this.replicaPorts.values()],
      tenantsPort,
      tenants: {
        'tenant-a': Number(new URL(this.demo.prometheusUrl).port),
        'tenant-b': Number(new URL(this.tenantB.prometheusUrl).port),
      },
    });
    const entitiesFile = path.join(runDir, 'entities.scale.yaml');
    writeFileSync(entitiesFile, tenantBEntities());
    const nginx = startNginx(nginxDir, nginxConfig, runDir);
    this.processes.push(nginx);

    const interval = `${this.options.taskIntervalSeconds ?? 5}s`;
    const shared = {
      backend: {
        database: { prefix: this.databasePrefix },
        cache: {
          store: 'redis',
          connection: `redis://127.0.0.1:${redisPort}`,
          // One Redis may serve several portals: each keeps to its namespace.
          redis: { client: { namespace: 'portal-scale' } },
        },
      },
      // Test sign-in only: the guest provider signs in as alice, a member of checkout's owning
      // team, so acknowledgements are allowed and attributed. A company uses its own provider.
      auth: {
        providers: {
          guest: {
            dangerouslyAllowOutsideDevelopment: true,
            userEntityRef: 'user:default/alice',
            ownershipEntityRefs: [
              'user:default/alice',
              'group:default/team-checkout',
            ],
          },
        },
      },
      catalog: {
        locations: [
          {
            type: 'file',
            target: path.join(repoRoot, 'examples/entities.yaml'),
          },
          {
            type: 'file',
            target: path.join(repoRoot, 'examples/org.yaml'),
            rules: [{ allow: ['User', 'Group'] }],
          },
          { type: 'file', target: entitiesFile },
        ],
      },
      observability: {
        prometheus: {
          // Both through nginx's tenant front, as a Mimir or Thanos with one tenant per
          // instance: the same base URL and prefix, told apart only by the header.
          instances: [
            {
              name: 'production',
              baseUrl: this.tenantsUrl,
              pathPrefix: '/prometheus',
              headers: { 'X-Scope-OrgID': 'tenant-a' },
              scrapeInterval: '1s',
            },
            {
              name: 'tenant-b',
              baseUrl: this.tenantsUrl,
              pathPrefix: '/prometheus',
              headers: { 'X-Scope-OrgID': 'tenant-b' },
              scrapeInterval: '1s',
            },
          ],
        },
        alerts: { reconcileInterval: interval, retentionInterval: interval },
        alertRules: {
          interval,
          // Rule files go to each Prometheus' folder and its own /-/reload; the read-back goes
          // through the tenant front with the instance's header.
          delivery: [
            {
              instance: 'production',
              type: 'files',
              directory: this.rulesDir,
              reloadUrl: this.demo.prometheusUrl,
            },
            {
              instance: 'tenant-b',
              type: 'files',
              directory: this.tenantBRulesDir,
              reloadUrl: this.tenantB.prometheusUrl,
            },
          ],
        },
      },
      ...(this.options.extraConfig ?? {}),
    };
    this.sharedConfigFile = path.join(runDir, 'app-config.scale.yaml');
    writeFileSync(this.sharedConfigFile, stringify(shared));

    // The first replica alone: on an empty database every plugin runs its migrations, and two
    // replicas migrating the same fresh database at once collide (the catalog's CREATE TABLE).
    // Later starts find the schema current, as in a rolling deploy.
    const [first, ...rest] = replicaNames;
    await this.startReplica(first);
    await Promise.all(rest.map(name => this.startReplica(name)));
  }

  /** The environment app-config.production.yaml reads. */
  private replicaEnv(): NodeJS.ProcessEnv {
    const pg = this.postgres;
    return {
      APP_BASE_URL: this.portalUrl,
      BACKEND_BASE_URL: this.portalUrl,
      POSTGRES_HOST: pg.host,
      POSTGRES_PORT: pg.port,
      POSTGRES_USER: pg.user,
      POSTGRES_PASSWORD: pg.password,
      PROMETHEUS_URL: this.demo.prometheusUrl,
      ALERTMANAGER_URL: this.demo.alertmanagerUrl,
      OBSERVABILITY_WEBHOOK_TOKEN: this.webhookToken,
    };
  }

  async startReplica(name: string): Promise<Replica> {
    const port = this.replicaPorts.get(name);
    if (!port) throw new Error(`no replica named ${name}`);
    const dir = path.join(this.runDir, `replica-${name}`);
    installBundle(dir);
    const own = path.join(this.runDir, `app-config.replica-${name}.yaml`);
    writeReplicaConfig(own, port);
    const replica = await startReplica({
      name: `backend-${name}`,
      dir,
      port,
      runDir: this.runDir,
      configFiles: [this.sharedConfigFile, own],
      env: this.replicaEnv(),
    });
    this.replicas.set(name, replica);
    return replica;
  }

  replica(name: string): Replica {
    const replica = this.replicas.get(name);
    if (!replica) throw new Error(`replica ${name} is not running`);
    return replica;
  }

  async stop() {
    await Promise.all([...this.replicas.values()].map(r => r.stop()));
    this.replicas.clear();
    await this.demo?.stop();
    await this.tenantB?.stop();
    await Promise.all(this.processes.map(p => p.stop()));
  }
}
