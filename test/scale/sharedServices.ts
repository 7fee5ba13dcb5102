/*
 * Redis and nginx from Debian's packages, as the scale bed and the 10k bench run them: local
 * processes on 127.0.0.1 with logs and pid files in the run's folder.
 */
import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ManagedProcess, startManagedProcess } from '@internal/demo-stack';

function findNginx(): string {
  for (const candidate of ['/usr/sbin/nginx', '/usr/bin/nginx']) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  throw new Error(
    'nginx is not installed. Install it with: sudo apt-get install -y nginx-light',
  );
}

/** Redis without persistence: the cache is meant to be lost. */
export function startRedis(port: number, runDir: string): ManagedProcess {
  return startManagedProcess({
    name: 'redis',
    command: 'redis-server',
    args: [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    runDir,
  });
}

/** nginx in the foreground with `config` (see nginxConfig.ts) written into `dir`. */
export function startNginx(
  dir: string,
  config: string,
  runDir: string,
): ManagedProcess {
  mkdirSync(path.join(dir, 'tmp'), { recursive: true });
  writeFileSync(path.join(dir, 'nginx.conf'), config);
  return startManagedProcess({
    name: 'nginx',
    command: findNginx(),
    args: [
      '-p',
      dir,
      '-c',
      path.join(dir, 'nginx.conf'),
      '-e',
      path.join(dir, 'nginx-error.log'),
      '-g',
      'daemon off;',
    ],
    runDir,
  });
}
