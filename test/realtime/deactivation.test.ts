import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import { ApiClient, signedIn, TEST_PASSWORD } from "../support/api-client";
import { CollabTestServer, connectClient, setupProject, synced, type ProjectFixture } from "../support/realtime";
import { upgradeStatus } from "../support/raw-client";
import { openSse } from "../support/sse";

/**
 * Administration reaching live connections (issue 15, item 5): deactivating a person closes their
 * collaboration sockets and their event streams at once, on a real server process with stock
 * y-websocket clients; a password reset does the same and, until the person has chosen a new
 * password, their sockets are refused at the upgrade.
 */
let server: CollabTestServer;
let fx: ProjectFixture;
const open: WebsocketProvider[] = [];

/** The close code of the provider's socket, or a failure when it is still open after `withinMs` ("at once"). */
function closedWith(provider: WebsocketProvider, withinMs = 3_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socket still open after ${withinMs} ms`)), withinMs);
    const socket = provider.ws;
    if (!socket) return reject(new Error("no socket"));
    socket.addEventListener("close", (event) => {
      clearTimeout(timer);
      resolve((event as { code: number }).code);
    });
  });
}

beforeAll(async () => {
  server = await CollabTestServer.start();
  fx = await setupProject(server);
}, 120_000);

afterAll(async () => {
  for (const provider of open.splice(0)) provider.destroy();
  await server?.close();
});

describe("deactivating a person", () => {
  it("closes their live socket and event stream at once, and their next login is refused", async () => {
    const editorEmail = (await fx.admin.get("/api/users")).body.users.find((u: { id: string }) => u.id === fx.users.editor).email as string;
    const socket = connectClient(server, fx.text.collabName, fx.editor, { ack: true });
    open.push(socket);
    await synced(socket);
    const stream = await openSse(fx.editor, `/api/projects/${fx.projectId}/events`);
    expect(stream.status).toBe(200);
    await stream.next((event) => event.event === "ready");
    // Another person's socket in the same room stays.
    const owner = connectClient(server, fx.text.collabName, fx.owner);
    open.push(owner);
    await synced(owner);

    const closed = closedWith(socket);
    let ownerClosed = false;
    owner.ws?.addEventListener("close", () => (ownerClosed = true));
    const started = Date.now();
    const res = await fx.admin.post(`/api/users/${fx.users.editor}/deactivate`);
    expect(res.status).toBe(200);
    socket.shouldConnect = false;
    expect(await closed).toBe(4401);
    expect((await stream.next((event) => event.event === "access", 2_000)).data).toMatchObject({ reason: "session_ended" });
    await stream.ended;
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(ownerClosed).toBe(false);

    // The old cookie opens nothing; the password is right, the account is not.
    expect(await upgradeStatus(server, fx.text.collabName, fx.editor)).toBe(401);
    const login = await new ApiClient(server.url).login(editorEmail, TEST_PASSWORD);
    expect(login.status).toBe(403);
    expect(login.body.error).toMatchObject({ code: "account_deactivated", message: "Tu cuenta está desactivada. Pide a una persona administradora que la reactive." });

    // Reactivated, they sign in and edit again.
    expect((await fx.admin.post(`/api/users/${fx.users.editor}/reactivate`)).status).toBe(200);
    const again = await signedIn(server.url, editorEmail);
    expect(await upgradeStatus(server, fx.text.collabName, again)).toBe(101);
  });
});

describe("resetting a person's password", () => {
  it("closes their socket, and refuses their upgrades until they choose a new password", async () => {
    const commenterEmail = (await fx.admin.get("/api/users")).body.users.find((u: { id: string }) => u.id === fx.users.commenter).email as string;
    const socket = connectClient(server, fx.canvas.collabName, fx.commenter);
    open.push(socket);
    await synced(socket);
    const closed = closedWith(socket);
    const reset = await fx.admin.post(`/api/users/${fx.users.commenter}/reset-password`);
    expect(reset.status).toBe(200);
    socket.shouldConnect = false;
    expect(await closed).toBe(4401);

    const temporary = await signedIn(server.url, commenterEmail, reset.body.temporaryPassword);
    expect(await upgradeStatus(server, fx.canvas.collabName, temporary)).toBe(403);
    expect((await temporary.post("/api/auth/password", { currentPassword: reset.body.temporaryPassword, newPassword: "otra-contraseña-larga" })).status).toBe(200);
    expect(await upgradeStatus(server, fx.canvas.collabName, temporary)).toBe(101);
  });
});

describe("taking away an administrator's flag", () => {
  it("closes the sockets they held only as administrator", async () => {
    // The stranger becomes administrator, opens a document of a project they are not a member of.
    expect((await fx.admin.patch(`/api/users/${fx.users.stranger}`, { isAdmin: true })).status).toBe(200);
    const socket = connectClient(server, fx.text.collabName, fx.stranger);
    open.push(socket);
    await synced(socket);
    const closed = closedWith(socket);
    expect((await fx.admin.patch(`/api/users/${fx.users.stranger}`, { isAdmin: false })).status).toBe(200);
    socket.shouldConnect = false;
    expect(await closed).toBe(4403);
  });
});
