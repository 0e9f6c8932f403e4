import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";

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
