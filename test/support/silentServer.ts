import { createServer, type AddressInfo, type Socket } from 'node:net';

export interface SilentServer {
  /** 127.0.0.1:port, to put behind a scheme (redis://, http://). */
  address: string;
  /** Resolves when a client first sends something. */
  firstBytes: Promise<void>;
  close(): Promise<void>;
}

/** A TCP server that accepts connections, reads what they send and never answers: a dependency that hangs. */
export async function silentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  let received!: () => void;
  const firstBytes = new Promise<void>((resolve) => (received = resolve));
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => received());
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    firstBytes,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
