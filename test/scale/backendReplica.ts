/*
 * One backend replica as it runs in production: the `backstage-cli package build` bundle of
 * packages/backend (dist/bundle.tar.gz, what Backstage's Dockerfile copies into its image),
 * extracted into a folder of its own, run with `node packages/backend --config ...` under
 * NODE_ENV=production. Its third-party dependencies resolve from this checkout's node_modules
 * (the same yarn.lock the image would install from), so no second install is needed; the
 * workspace packages resolve to the bundle's own built copies, not to the sources.
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import {
  ManagedProcess,
  startManagedProcess,
  waitForHttp,
} from '@internal/demo-stack';

export const repoRoot = path.resolve(__dirname, '../..');

export interface Replica {
  name: string;
  port: number;
  url: string;
  process: ManagedProcess;
  /** SIGKILL, as a crashed machine or an OOM kill: no shutdown hooks run. */
  kill(): void;
  stop(): Promise<void>;
}

/** Extracts the built bundle into `dir` and links its workspace packages. */
export function installBundle(dir: string) {
  const bundle = path.join(repoRoot, 'packages/backend/dist/bundle.tar.gz');
  if (!existsSync(bundle)) {
    throw new Error(
      `${bundle} is missing: build the backend first (yarn tsc && yarn build:backend)`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['xzf', bundle, '-C', dir]);
  for (const file of ['app-config.yaml', 'app-config.production.yaml']) {
    copyFileSync(path.join(repoRoot, file), path.join(dir, file));
  }
  // What `yarn workspaces focus --production` would link in the image.
  for (const folder of ['packages', 'plugins']) {
    const parent = path.join(dir, folder);
    if (!existsSync(parent)) continue;
    for (const name of execFileSync('ls', [parent], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)) {
      const pkgDir = path.join(parent, name);
      const pkg = JSON.parse(
        readFileSync(path.join(pkgDir, 'package.json'), 'utf8'),
      ) as { name: string };
      const link = path.join(dir, 'node_modules', pkg.name);
      mkdirSync(path.dirname(link), { recursive: true });
      symlinkSync(pkgDir, link);
    }
  }
}

export async function startReplica(options: {
  name: string;
  dir: string;
  port: number;
  runDir: string;
  configFiles: string[];
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
}): Promise<Replica> {
  // BENCH_CPU_PROF_DIR=<dir>: each replica writes a V8 CPU profile there when it stops (how the
  // 10k overview's time was found; open it in Chrome's DevTools).
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const args = [
    ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    'packages/backend',
  ];
  for (const file of ['app-config.yaml', 'app-config.production.yaml']) {
    args.push('--config', file);
  }
  for (const file of options.configFiles) args.push('--config', file);
  const process_ = startManagedProcess({
    name: options.name,
    command: process.execPath,
    args,
    cwd: options.dir,
    runDir: options.runDir,
    env: { ...options.env, NODE_ENV: 'production' },
  });
  const url = `http://127.0.0.1:${options.port}`;
  await waitForHttp(`${url}/api/observability/health`, {
    process: process_,
    timeoutMs: options.timeoutMs ?? 120_000,
  });
  return {
    name: options.name,
    port: options.port,
    url,
    process: process_,
    kill: () => {
      try {
        process.kill(-process_.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    },
    stop: () => process_.stop(),
  };
}

/** A replica's own config: where it listens; everything else is shared. */
export function writeReplicaConfig(file: string, port: number) {
  writeFileSync(file, `backend:\n  listen: '127.0.0.1:${port}'\n`, 'utf8');
}
