// Probe for issue 9 case 9: one viewer floods presence (awareness) into a study with 30 listeners
// for 10 s, against a real Taller server process with real sessions. Prints the bytes the viewer
// sent, the awareness bytes and frames the listeners received, and what the others saw as the
// viewer's name. Run from the repository root:
//   pnpm --filter @taller/bench exec node --import tsx src/probes/presence-flood.ts
// (DATABASE_URL=postgres://… to use PostgreSQL instead of embedded PGlite.)
import WebSocket from "ws";
import * as encoding from "lib0/encoding";
import { addOrg, addPerson, signedIn, type ApiClient } from "../../../support/api-client";
import { ADMIN, CollabTestServer } from "../../../support/realtime";

const LISTENERS = Number(process.env.LISTENERS ?? 30);
/** CROWD=1: the listeners also move their cursors (30 small states/s each), as a busy room does. */
const CROWD = process.env.CROWD === "1";
const SECONDS = Number(process.env.SECONDS ?? 10);
/** Just under the server's 16 KiB awareness state cap. */
const STATE_BYTES = 16_000;
/** Paced to stay under the connection rate limit (1 MiB/s sustained), as the issue's attacker did. */
const MESSAGES_PER_SECOND = 60;

function awarenessFrame(clientId: number, clock: number, state: unknown): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, JSON.stringify(state));
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, 1); // messageAwareness
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

function open(server: CollabTestServer, collabName: string, session: ApiClient): Promise<WebSocket> {
  const ws = new WebSocket(`${server.wsUrl}/${collabName}`, { headers: { origin: server.url, cookie: session.cookie } });
  ws.binaryType = "nodebuffer";
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}

async function main(): Promise<void> {
  const server = await CollabTestServer.start();
  try {
    const admin = await signedIn(server.url, ADMIN.email, ADMIN.password);
    const org = await addOrg(admin, "Dirección de Movilidad", "MOV");
    const people: { id: string; session: ApiClient }[] = [];
    for (const name of ["Lucía Méndez Arriaga", "Mallory Viewer", "Oyente 1", "Oyente 2", "Oyente 3", "Oyente 4", "Oyente 5"]) {
      const person = await addPerson(admin, org.id, name);
      people.push({ id: person.id, session: await signedIn(server.url, person.email) });
    }
    const [owner, viewer, ...listenerUsers] = people as [(typeof people)[0], (typeof people)[0], ...typeof people];
    const project = await owner.session.post("/api/projects", { name: "Corredor", kind: "study" });
    await owner.session.post(`/api/projects/${project.body.id}/members`, { userId: viewer.id, role: "viewer" });
    for (const listener of listenerUsers) {
      await owner.session.post(`/api/projects/${project.body.id}/members`, { userId: listener.id, role: "viewer" });
    }
    const text = await owner.session.post(`/api/projects/${project.body.id}/documents`, { kind: "text", title: "Estudio" });
    const collabName: string = text.body.collabName;

    let outBytes = 0;
    let outFrames = 0;
    let closedListeners = 0;
    const seenNames = new Set<string>();
    const listeners = await Promise.all(
      Array.from({ length: LISTENERS }, (_, i) => open(server, collabName, listenerUsers[i % listenerUsers.length]!.session)),
    );
    for (const ws of listeners) {
      ws.on("message", (data: Buffer) => {
        if (data[0] !== 1) return;
        outBytes += data.byteLength;
        outFrames++;
        const match = /"user":\{[^}]*?"name":"([^"]*)"/.exec(data.toString("latin1"));
        if (match) seenNames.add(Buffer.from(match[1]!, "latin1").toString("utf8"));
      });
      ws.on("close", () => closedListeners++);
    }

    let crowdBytes = 0;
    let crowdClock = 0;
    const crowd = CROWD
      ? setInterval(() => {
          for (const [i, ws] of listeners.entries()) {
            const frame = awarenessFrame(10_000 + i, ++crowdClock, { cursor: { anchor: crowdClock, head: crowdClock } });
            ws.send(frame);
            crowdBytes += frame.byteLength;
          }
        }, 1000 / 30)
      : undefined;

    const attacker = await open(server, collabName, viewer.session);
    let attackerClose: string | undefined;
    attacker.on("close", (code, reason) => (attackerClose = `${code} ${reason.toString()}`));
    const clientId = 4242;
    const padding = "x".repeat(STATE_BYTES - 120);
    let inBytes = 0;
    let sent = 0;
    const started = performance.now();
    await new Promise<void>((resolve) => {
      const perTick = MESSAGES_PER_SECOND / 20;
      const timer = setInterval(() => {
        if (performance.now() - started >= SECONDS * 1000 || attacker.readyState !== WebSocket.OPEN) {
          clearInterval(timer);
          resolve();
          return;
        }
        for (let i = 0; i < perTick; i++) {
          const frame = awarenessFrame(clientId, ++sent, { user: { name: "Lucía Méndez Arriaga", color: "#1d4ed8" }, cursor: sent, padding });
          attacker.send(frame);
          inBytes += frame.byteLength;
        }
      }, 50);
    });
    const elapsed = (performance.now() - started) / 1000;
    if (crowd !== undefined) clearInterval(crowd);
    await new Promise((r) => setTimeout(r, 1500)); // let the relay drain
    const mb = (n: number) => (n / 1e6).toFixed(2);
    console.log(`listeners ${LISTENERS}, ${elapsed.toFixed(1)} s, viewer sent ${sent} awareness messages`);
    console.log(`in:  ${mb(inBytes)} MB${CROWD ? ` from the viewer + ${mb(crowdBytes)} MB of cursor moves from the ${LISTENERS} listeners` : ""}`);
    console.log(`out: ${mb(outBytes)} MB in ${outFrames} awareness frames (${(outBytes / Math.max(1, inBytes)).toFixed(2)}× in; per listener ${mb(outBytes / LISTENERS)} MB, ${(outFrames / LISTENERS).toFixed(0)} frames)`);
    console.log(`names the listeners saw: ${[...seenNames].join(" | ") || "(none)"}`);
    console.log(`viewer socket: ${attackerClose ?? "open"}; listeners closed: ${closedListeners}`);
    attacker.terminate();
    for (const ws of listeners) ws.terminate();
  } finally {
    await server.close();
  }
}

await main();
