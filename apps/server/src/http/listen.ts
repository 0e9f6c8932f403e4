import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";

/**
 * How long an idle keep-alive connection stays open. Node's default (5 s) is shorter than the idle
 * timeout of the proxies and HTTP clients that reuse connections (nginx, load balancers: 60 s;
 * undici: the server's hint minus 1 s), so a request sent on a connection just as the server
 * closes it fails ("other side closed", a 502 behind a proxy). The server must be the side that
 * waits longest.
 */
export const KEEP_ALIVE_MS = 65_000;

/** Applies the keep-alive policy to a server `serve` created (headers may take as long). */
export function keepConnectionsAlive(server: ReturnType<typeof serve>): void {
  if (!("keepAliveTimeout" in server)) return; // HTTP/2 servers have no keep-alive timer
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
}

/** A Hono fetch handler on a real Node HTTP server, e.g. a test app with injected dependencies. */
export async function listenOn(
  fetch: Parameters<typeof serve>[0]["fetch"],
  options: { port?: number; hostname?: string } = {},
): Promise<{ url: string; server: ReturnType<typeof serve>; close(): Promise<void> }> {
  let server!: ReturnType<typeof serve>;
  const url = await new Promise<string>((resolve) => {
    server = serve({ fetch, port: options.port ?? 0, hostname: options.hostname ?? "127.0.0.1" }, (info: AddressInfo) => {
      const host = info.family === "IPv6" ? `[${info.address}]` : info.address;
      resolve(`http://${host}:${info.port}`);
    });
  });
  keepConnectionsAlive(server);
  return {
    url,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
