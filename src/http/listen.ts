import type http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Thrown at start-up when a port Boomerang should listen on is taken by another process. */
export class PortInUseError extends Error {}

/** Listens on `port` (0: one the OS picks) and resolves with the bound port; a taken port names the variable to change. */
export async function listenOn(server: http.Server, port: number, variable: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => { server.off('error', reject); resolve(); });
  }).catch((e: NodeJS.ErrnoException) => {
    throw e.code === 'EADDRINUSE' ? new PortInUseError(`port ${port} is already in use: stop whatever listens there or set ${variable} to a free port`) : e;
  });
  return (server.address() as AddressInfo).port;
}
