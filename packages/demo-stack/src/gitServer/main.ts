/*
 * Entry point of the demo git server (local repositories the scaffolder publishes to, demo only):
 *   node --require @backstage/cli/config/nodeTransform.cjs src/gitServer/main.ts <root> [port]
 */
import { startGitHttpServer } from './gitHttpServer';

async function main() {
  const [root, portArg] = process.argv.slice(2);
  if (!root) {
    throw new Error('usage: main.ts <root> [port]');
  }
  const server = await startGitHttpServer({
    root,
    port: Number(portArg ?? 8930),
    log: message =>
      process.stdout.write(`${new Date().toISOString()} ${message}\n`),
  });
  process.stdout.write(
    `demo git server (repositories in ${root}, demo only) on ${server.url}\n`,
  );
  const shutdown = async () => {
    await server.close();
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
