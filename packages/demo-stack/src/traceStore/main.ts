/*
 * Entry point of the demo trace store (a stand-in for Jaeger, demo only):
 *   node --require @backstage/cli/config/nodeTransform.cjs src/traceStore/main.ts [port]
 */
import { startTraceStoreServer } from './traceStoreServer';

async function main() {
  const port = Number(process.argv[2] ?? 16686);
  const server = await startTraceStoreServer({ port });
  process.stdout.write(
    `demo trace store (a stand-in for Jaeger, demo only) on ${server.url}\n`,
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
