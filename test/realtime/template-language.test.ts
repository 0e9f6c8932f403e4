import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STUDY_SECTIONS, STUDY_SECTIONS_EN } from "@taller/editor-schema";
import { ADMIN, CollabTestServer, connectClient, synced } from "../support/realtime";
import { signedIn, type ApiClient } from "../support/api-client";
import { outline } from "../support/study-content";

/**
 * A new study's template headings follow its creator's UI language (issue 15, item 7): the web
 * app sends `language` with the creation, the audit row records it, and the room's first opening
 * seeds the template in that language. Without it (older clients, the API), Spanish.
 */
let server: CollabTestServer;
let admin: ApiClient;
let projectId: string;

beforeAll(async () => {
  server = await CollabTestServer.start();
  admin = await signedIn(server.url, ADMIN.email, ADMIN.password);
  const project = await admin.post<{ id: string }>("/api/projects", { name: "Plantillas por idioma", kind: "study" });
  expect(project.status).toBe(201);
  projectId = project.body.id;
}, 120_000);

afterAll(async () => {
  await server?.close();
});

async function headingsOf(body: Record<string, unknown>): Promise<string[]> {
  const created = await admin.post<{ id: string; collabName: string }>(`/api/projects/${projectId}/documents`, body);
  expect(created.status).toBe(201);
  const client = connectClient(server, created.body.collabName, admin);
  try {
    await synced(client);
    return outline(client.doc)
      .filter((line) => line.startsWith("heading:"))
      .map((line) => line.slice("heading:".length));
  } finally {
    client.destroy();
  }
}

describe("the study template's language", () => {
  it("is English for a study created from the English UI", async () => {
    expect(await headingsOf({ kind: "text", title: "English study", language: "en" })).toEqual(STUDY_SECTIONS_EN.map((s) => s.heading));
  });

  it("is Spanish from the Spanish UI, and when no language is sent", async () => {
    expect(await headingsOf({ kind: "text", title: "Estudio", language: "es-MX" })).toEqual(STUDY_SECTIONS.map((s) => s.heading));
    expect(await headingsOf({ kind: "text", title: "Sin idioma" })).toEqual(STUDY_SECTIONS.map((s) => s.heading));
  });

  it("refuses a language the UI does not have", async () => {
    const refused = await admin.post(`/api/projects/${projectId}/documents`, { kind: "text", title: "Francés", language: "fr" });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("validation_failed");
  });
});
