import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** Debian's package names, and the binary names each one installs. */
export const systemPackages = {
  prometheus: {
    debianPackage: 'prometheus',
    binaries: ['prometheus'],
    envVar: 'PROMETHEUS_BIN',
  },
  promtool: {
    debianPackage: 'prometheus',
    binaries: ['promtool'],
    envVar: 'PROMTOOL_BIN',
  },
  alertmanager: {
    debianPackage: 'prometheus-alertmanager',
    binaries: ['prometheus-alertmanager', 'alertmanager'],
    envVar: 'ALERTMANAGER_BIN',
  },
} as const;

export type SystemTool = keyof typeof systemPackages;

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds a tool on PATH (or in the env var that overrides it) and fails with the exact command
 * that installs it, so nobody has to guess a package name.
 */
export function findBinary(
  tool: SystemTool,
  options: { env?: NodeJS.ProcessEnv; fallbackDirs?: string[] } = {},
): string {
  const env = options.env ?? process.env;
  const spec = systemPackages[tool];
  const override = env[spec.envVar];
  if (override) {
    if (!isExecutable(override)) {
      throw new Error(`${spec.envVar}=${override} is not an executable file`);
    }
    return override;
  }
  // Debian puts them in /usr/bin; sbin-less PATHs (cron, sudo) should still find them.
  const dirs = (env.PATH ?? '')
    .split(path.delimiter)
    .concat(options.fallbackDirs ?? ['/usr/bin', '/usr/sbin']);
  for (const name of spec.binaries) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (dir && isExecutable(candidate)) {
        return candidate;
      }
    }
  }
  throw new Error(
    `${tool} is not installed. Install it with: sudo apt-get install -y ${spec.debianPackage} ` +
      `(or point ${spec.envVar} at the binary)`,
  );
}
