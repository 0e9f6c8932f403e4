import { listenOn } from "@taller/server/listen";
import type { TestApp } from "./app";

/**
 * Serves an in-process test app on a real loopback port (Node's HTTP server, as in production),
 * for tests that must go over real HTTP while still injecting dependencies (e.g. a password
 * verifier that counts its calls).
 */
export function listen(t: TestApp): Promise<{ url: string; close(): Promise<void> }> {
  return listenOn(t.app.fetch);
}
