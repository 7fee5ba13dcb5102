import path from 'node:path';
import { packageDir } from '../stack/renderConfig';

/**
 * Runs one of this package's TypeScript entry points directly with Backstage's own transform, as
 * `backstage-cli package start` does for backends: no build step between editing and running.
 * Shared by the stack (its own processes) and the deployments (their traffic processes).
 */
export function tsCommand(
  entry: string,
  args: string[],
): { command: string; args: string[] } {
  const transform = require.resolve('@backstage/cli/config/nodeTransform.cjs');
  return {
    command: process.execPath,
    args: ['--require', transform, path.join(packageDir, entry), ...args],
  };
}
