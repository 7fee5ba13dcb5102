import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * An HTTP server that accepts connections and never answers: how a hung upstream looks. Used to
 * prove the API gives up with a 504 within the configured timeout.
 */
export async function startHangingServer(): Promise<{
  url: string;
  close(): Promise<void>;
}> {
  const server = http.createServer(() => {
    // never respond
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
