import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { WebsocketProvider } from "y-websocket";
import { ApiClient, addOrg, addPerson, signedIn } from "../support/api-client";
import { ADMIN, CollabTestServer, connectClient, eventually, synced } from "../support/realtime";
import { appendParagraph } from "../support/study-content";

/**
 * Issue 9, case 5 (server side), against a real server process and stock y-websocket clients:
 * a collaboration socket's activity keeps its HTTP session alive (someone who only types was
 * cut at the idle limit), and a session ends at its deadline — not at the next once-a-minute
 * sweep — so no edit sent after the deadline is stored. Short windows come from
 * SESSION_IDLE_SECONDS / SESSION_ABSOLUTE_SECONDS.
 */
const IDLE_SECONDS = 5;
const ABSOLUTE_SECONDS = 25;
let server: CollabTestServer;
let email: string;
let document: { id: string; collabName: string };
const open: WebsocketProvider[] = [];

beforeAll(async () => {
  server = await CollabTestServer.start({ SESSION_IDLE_SECONDS: String(IDLE_SECONDS), SESSION_ABSOLUTE_SECONDS: String(ABSOLUTE_SECONDS) });
  const admin = await signedIn(server.url, ADMIN.email, ADMIN.password);
  const org = await addOrg(admin, "Dirección de Planeación", "DP");
  ({ email } = await addPerson(admin, org.id, "Escritora"));
  const writer = await signedIn(server.url, email);
  const project = await writer.post("/api/projects", { name: "Parque lineal", kind: "study" });
  document = (await writer.post(`/api/projects/${project.body.id}/documents`, { kind: "text", title: "Propuesta" })).body;
}, 120_000);

afterAll(async () => {
  for (const provider of open.splice(0)) provider.destroy();
  await server?.close();
});

/** A stock client that records how its first connection closed and then stops reconnecting. */
function watchedClient(session: ApiClient) {
  const doc = new Y.Doc();
  const provider = connectClient(server, document.collabName, session, { doc });
  open.push(provider);
  const closed: { code: number | null; at: number | null } = { code: null, at: null };
  provider.on("connection-close", (event) => {
    if (closed.code !== null) return;
    closed.code = event?.code ?? -1;
    closed.at = Date.now();
    provider.disconnect();
  });
  return { doc, provider, closed };
}

async function storedText(): Promise<string> {
  const admin = await signedIn(server.url, ADMIN.email, ADMIN.password);
  const content = await admin.get(`/api/documents/${document.id}/content`);
  expect(content.status).toBe(200);
  return JSON.stringify(content.body);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("sessions and collaboration sockets", () => {
  it("keeps a session alive while its socket types, and ends an idle one at the idle limit", async () => {
    const typist = await signedIn(server.url, email);
    const idler = await signedIn(server.url, email);
    const typing = watchedClient(typist);
    const idle = watchedClient(idler);
    await Promise.all([synced(typing.provider), synced(idle.provider)]);

    const text = appendParagraph(typing.doc);
    // Type every 500 ms for two and a half idle windows, with no HTTP request meanwhile.
    const until = Date.now() + IDLE_SECONDS * 2500;
    let typed = 0;
    while (Date.now() < until) {
      text.insert(text.length, ` vivo${typed++}`);
      await sleep(500);
    }
    expect(typing.closed.code).toBeNull();
    expect(typing.provider.wsconnected).toBe(true);
    // The HTTP session is alive too: the socket's activity touched it.
    expect((await typist.get("/api/auth/me")).status).toBe(200);

    // The idle socket's session ended at its idle limit: closed with 4401, and its cookie is dead.
    expect(idle.closed.code).toBe(4401);
    expect((await idler.get("/api/auth/me")).status).toBe(401);

    typing.provider.destroy();
    await eventually(async () => (await storedText()).includes(`vivo${typed - 1}`), 15_000, "the last edit to be stored");
  }, 60_000);

  it("closes a socket at its session's absolute deadline, and stores no edit sent after it", async () => {
    // The login cookie's expiry is the session's deadline, to the second (rounded down).
    const session = new ApiClient(server.url);
    const res = await session.login(email);
    expect(res.status).toBe(200);
    const expires = Date.parse(/Expires=([^;]+)/i.exec(res.headers.get("set-cookie")!)![1]!);
    const deadlineFrom = expires; // the real deadline is in [expires, expires + 1 s)
    const deadlineTo = expires + 1000;

    const client = watchedClient(session);
    await synced(client.provider);
    const text = appendParagraph(client.doc);
    const sent: { marker: string; at: number }[] = [];
    // Keep typing (which keeps the idle window open) until the server closes the socket.
    for (let i = 0; client.closed.code === null && Date.now() < deadlineTo + 15_000; i++) {
      const marker = `abs${i}x`;
      sent.push({ marker, at: Date.now() });
      text.insert(text.length, ` ${marker}`);
      await sleep(100);
    }
    expect(client.closed.code).toBe(4401);
    expect(client.closed.at!).toBeGreaterThanOrEqual(deadlineFrom);
    expect((await session.get("/api/auth/me")).status).toBe(401);

    await sleep(500); // let the group commit write whatever it accepted
    const stored = await storedText();
    const after = sent.filter((s) => s.at >= deadlineTo);
    const wellBefore = sent.filter((s) => s.at < deadlineFrom - 2000);
    expect(wellBefore.length).toBeGreaterThan(0);
    for (const { marker } of wellBefore) expect(stored).toContain(marker);
    for (const { marker } of after) expect(stored).not.toContain(marker);
  }, 90_000);
});
