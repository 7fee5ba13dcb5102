import { withTraceparent } from '../../correlation/requestContext';
import { randomBytes } from 'node:crypto';
import {
  chmod,
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  isManagedRuleFile,
  ruleFileName,
} from '@stagewatch/backstage-plugin-observability-node';

/**
 * Delivery into a Prometheus rule directory: one file per entity, written atomically (a
 * temporary file in the same directory, then a rename, so Prometheus never reads half a file),
 * and `POST /-/reload` on the instance, which needs `--web.enable-lifecycle`. Only files with
 * the plugin's prefix are ever deleted.
 */
export class FilesRuleDelivery {
  private readonly directory: string;

  constructor(
    options: { directory: string; reloadUrl: string },
    private readonly timeoutMs = 30_000,
  ) {
    this.directory = resolve(options.directory);
    this.reloadUrl = options.reloadUrl.replace(/\/+$/, '');
  }

  private readonly reloadUrl: string;

  /** The path of the entity's rule file. */
  location(entityRef: string): string {
    return join(this.directory, ruleFileName(entityRef));
  }

  /** The file's content; undefined when it does not exist. */
  async read(location: string): Promise<string | undefined> {
    try {
      return await readFile(this.checked(location), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async write(location: string, yaml: string): Promise<void> {
    const path = this.checked(location);
    await mkdir(this.directory, { recursive: true });
    // Hidden and not ending in .yml: Prometheus' `*.yml` glob never picks it up.
    const temporary = join(
      this.directory,
      `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`,
    );
    try {
      await writeFile(temporary, yaml, { mode: 0o644 });
      // The mode given to writeFile is narrowed by the umask; Prometheus may run as another user.
      await chmod(temporary, 0o644);
      await rename(temporary, path);
    } catch (e) {
      await rm(temporary, { force: true });
      throw e;
    }
  }

  async remove(location: string): Promise<void> {
    await rm(this.checked(location), { force: true });
  }

  /** The paths of the plugin's files in the directory (an absent directory has none). */
  async managedFiles(): Promise<string[]> {
    try {
      return (await readdir(this.directory))
        .filter(isManagedRuleFile)
        .map(name => join(this.directory, name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }

  /**
   * `POST /-/reload`. Prometheus answers 200 when it applied the configuration and the rule
   * files, and 500 with the reason when any file is bad (then it applies nothing).
   */
  async reload(): Promise<void> {
    const url = `${this.reloadUrl}/-/reload`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: withTraceparent(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const e = error as Error & {
        cause?: { code?: string; message?: string };
      };
      throw new Error(
        `POST ${url} failed: ${e.cause?.code ?? e.cause?.message ?? e.message}`,
      );
    }
    if (response.status === 200) {
      await response.text().catch(() => '');
      return;
    }
    const body = (await response.text().catch(() => '')).trim();
    const hint =
      response.status === 403 || response.status === 404
        ? ' (is Prometheus running with --web.enable-lifecycle?)'
        : '';
    throw new Error(
      `POST ${url} answered ${response.status}${hint}${
        body ? `: ${body.slice(0, 2000)}` : ''
      }`,
    );
  }

  /** Refuses any path but a managed file directly inside the directory. */
  private checked(location: string): string {
    const path = resolve(location);
    if (
      dirname(path) !== this.directory ||
      !isManagedRuleFile(basename(path))
    ) {
      throw new Error(
        `Refusing to touch ${location}: not a rule file of the plugin in ${this.directory}`,
      );
    }
    return path;
  }
}
