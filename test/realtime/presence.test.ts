import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { WebsocketProvider } from "y-websocket";
import { colorFor } from "@taller/domain";
import { roundTrip } from "@taller/collab/testing";
import { addOrg, addPerson, signedIn, type ApiClient } from "../support/api-client";
import { ADMIN, CollabTestServer, connectClient, eventually, synced } from "../support/realtime";

/**
 * Presence that tells the truth (issue 9, case 9) on a real server with real sessions and stock
 * y-websocket clients: the name, agency and colour others see come from the session; a clientID
 * stays with the person who first used it in the room; a presence flood costs the listeners a
 * bounded amount.
 */
let server: CollabTestServer;
let collabName: string;
const people = {} as Record<"lucia" | "mallory" | "oscar", { id: string; name: string; session: ApiClient }>;
let shortName: string;
const open: WebsocketProvider[] = [];

function client(who: keyof typeof people, doc?: Y.Doc): WebsocketProvider {
  const provider = connectClient(server, collabName, people[who].session, doc ? { doc } : {});
  open.push(provider);
  return provider;
}

const identityOf = (who: keyof typeof people) => ({ id: people[who].id, name: people[who].name, org: shortName, color: colorFor(people[who].id) });
type State = { user?: unknown; cursor?: unknown; n?: number };
const stateOf = (provider: WebsocketProvider, clientId: number) => provider.awareness.getStates().get(clientId) as State | undefined;

beforeAll(async () => {
  server = await CollabTestServer.start();
  const admin = await signedIn(server.url, ADMIN.email, ADMIN.password);
  const org = await addOrg(admin, "Dirección de Movilidad", "MOV");
  shortName = org.shortName;
  const names = { lucia: "Lucía Méndez Arriaga", mallory: "Mallory Ruiz", oscar: "Óscar Observa" } as const;
  for (const who of ["lucia", "mallory", "oscar"] as const) {
    const person = await addPerson(admin, org.id, names[who]);
    people[who] = { id: person.id, name: names[who], session: await signedIn(server.url, person.email) };
  }
  const project = await people.lucia.session.post("/api/projects", { name: "Corredor verde", kind: "study" });
  await people.lucia.session.post(`/api/projects/${project.body.id}/members`, { userId: people.mallory.id, role: "viewer" });
  await people.lucia.session.post(`/api/projects/${project.body.id}/members`, { userId: people.oscar.id, role: "viewer" });
  const text = await people.lucia.session.post(`/api/projects/${project.body.id}/documents`, { kind: "text", title: "Estudio" });
  collabName = text.body.collabName;
}, 120_000);

afterEach(() => {
  for (const provider of open.splice(0)) provider.destroy();
});

afterAll(async () => {
  await server?.close();
});

describe("presence on the real server", () => {
  it("shows a viewer who claims another person's name with the viewer's own name, agency and colour", async () => {
    const lucia = client("lucia");
    const oscar = client("oscar");
    const mallory = client("mallory");
    lucia.awareness.setLocalStateField("user", { name: "Lucía Méndez Arriaga", org: shortName, color: colorFor(people.lucia.id) });
    mallory.awareness.setLocalState({ user: { name: "Lucía Méndez Arriaga", org: shortName, color: colorFor(people.lucia.id) }, cursor: { anchor: 3 } });
    await Promise.all([synced(lucia), synced(oscar), synced(mallory)]);
    const malloryId = mallory.awareness.clientID;
    // Each listener hears the room's presence on its own schedule (it joined at its own moment):
    // wait until both listeners know Mallory, and Óscar knows Lucía, before judging what they see.
    await eventually(
      () => stateOf(oscar, malloryId) !== undefined && stateOf(lucia, malloryId) !== undefined && stateOf(oscar, lucia.awareness.clientID) !== undefined,
      10_000,
      "everyone present",
    );

    expect(stateOf(oscar, malloryId)).toEqual({ user: identityOf("mallory"), cursor: { anchor: 3 } });
    expect(stateOf(lucia, malloryId)).toEqual({ user: identityOf("mallory"), cursor: { anchor: 3 } });
    expect(stateOf(oscar, lucia.awareness.clientID)).toEqual({ user: identityOf("lucia") });
  });

  it("does not let another person take a clientID after its owner's socket dropped; the owner gets it back", async () => {
    const victim = client("lucia");
    const oscar = client("oscar");
    victim.awareness.setLocalStateField("user", { name: "Lucía Méndez Arriaga" });
    await Promise.all([synced(victim), synced(oscar)]);
    const victimId = victim.awareness.clientID;
    await eventually(() => stateOf(oscar, victimId) !== undefined, 10_000, "victim present");

    victim.disconnect();
    await eventually(() => stateOf(oscar, victimId) === undefined, 10_000, "victim's presence removed");

    // A stock client whose document has the victim's clientID, as the attacker did.
    const forged = new Y.Doc();
    forged.clientID = victimId;
    const attacker = client("mallory", forged);
    // Its clock is pushed past the victim's, so y-protocols would accept the state if the server did.
    for (let i = 0; i < 10; i++) attacker.awareness.setLocalState({ user: { name: "Lucía Méndez Arriaga" }, cursor: { anchor: i } });
    await synced(attacker);
    await roundTrip(attacker); // its awareness was handled by the server
    // Whatever the server relayed from it went out no later than this honest change.
    const witness = client("oscar");
    witness.awareness.setLocalState({ cursor: "testigo" });
    await synced(witness);
    await eventually(() => stateOf(oscar, witness.awareness.clientID)?.cursor === "testigo", 10_000, "witness");
    expect(stateOf(oscar, victimId)).toBeUndefined();

    victim.connect();
    await eventually(() => stateOf(oscar, victimId) !== undefined, 10_000, "victim back");
    expect(stateOf(oscar, victimId)).toEqual({ user: identityOf("lucia") });
  });

  it("bounds what a viewer's presence flood costs each listener, and still shows its latest state", async () => {
    const listeners = Array.from({ length: 5 }, () => client("oscar"));
    const flooder = client("mallory");
    await Promise.all([...listeners, flooder].map((p) => synced(p)));
    const floodId = flooder.awareness.clientID;
    const received = listeners.map(() => ({ bytes: 0, states: 0 }));
    listeners.forEach((listener, i) => {
      listener.ws!.addEventListener("message", (event) => {
        const data = new Uint8Array(event.data as ArrayBuffer);
        if (data[0] === 1) received[i]!.bytes += data.byteLength;
      });
      listener.awareness.on("update", ({ added, updated }: { added: number[]; updated: number[] }) => {
        if ([...added, ...updated].includes(floodId)) received[i]!.states++;
      });
    });

    // 150 states of 8 KB as fast as the stock client sends them: within the connection's rate
    // limit (so the socket stays open), 1.2 MB that every listener used to receive in full.
    const started = performance.now();
    const padding = "x".repeat(8000);
    const sent = 150;
    for (let n = 1; n <= sent; n++) flooder.awareness.setLocalState({ n, padding });
    await eventually(() => listeners.every((l) => stateOf(l, floodId)?.n === sent), 20_000, "latest state everywhere");
    const seconds = (performance.now() - started) / 1000;

    // The relay budget per connection (packages/collab defaults): 64 KiB burst + 16 KiB/s. What a
    // listener got is bounded by it for however long this took, not by what the flooder sent.
    const bound = 64 * 1024 + 16 * 1024 * seconds + 2 * 8100;
    for (const got of received) {
      expect(got.bytes).toBeLessThanOrEqual(bound);
      expect(got.states).toBeLessThan(sent);
    }
    expect(stateOf(listeners[0]!, floodId)?.user).toEqual(identityOf("mallory"));
    expect(flooder.wsconnected).toBe(true);
  });
});
