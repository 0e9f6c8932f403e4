import { describe, expect, it } from "vitest";
import type { EmailRecord } from "../queries/notifications";
import { composeEmail } from "./message";
import { resumePoint } from "../live/sse";

const base: EmailRecord = {
  id: "n1",
  kind: "mention",
  recipient: { id: "u1", name: "Lectora", email: "lectora@ejemplo.mx", isAdmin: false, emailNotifications: true },
  role: "commenter",
  project: { id: "p1", name: "Parque lineal" },
  document: { id: "d1", title: "Estudio\r\nBcc: otro@ejemplo.mx" },
  thread: { id: "t1", anchor: { type: "text", start: {}, end: {}, quote: "el acceso norte" }, resolutionNote: "Se corrigió." },
  comment: { id: "c1", body: "Revise @[Lectora](00000000-0000-4000-8000-000000000001) <script>x</script>", deletedAt: null },
  actor: { name: "Dueña", orgShortName: "IMPLAN" },
};
const url = new URL("https://taller.ejemplo.gob.mx");

describe("composeEmail", () => {
  it("says who, where, the comment and the link; names stay on one line", () => {
    const mail = composeEmail(base, url);
    if (typeof mail === "string") throw new Error(mail);
    expect(mail.to).toBe("lectora@ejemplo.mx");
    expect(mail.subject).toBe("[Taller] Dueña (IMPLAN) le mencionó en «Estudio Bcc: otro@ejemplo.mx»");
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.text).toContain("https://taller.ejemplo.gob.mx/documents/d1?thread=t1");
    expect(mail.text).toContain("Revise @Lectora <script>x</script>");
    expect(mail.text).toContain("«el acceso norte»");
  });

  it("sends nothing to a non-member or a person with email off", () => {
    expect(composeEmail({ ...base, role: null }, url)).toBe("not_a_member");
    expect(composeEmail({ ...base, role: null, recipient: { ...base.recipient, isAdmin: true } }, url)).toBe("not_a_member");
    expect(composeEmail({ ...base, recipient: { ...base.recipient, emailNotifications: false } }, url)).toBe("preference_off");
  });

  it("never carries a deleted comment's words; a resolution carries its note", () => {
    const deleted = composeEmail({ ...base, comment: { id: "c1", body: "", deletedAt: new Date() } }, url);
    expect(typeof deleted !== "string" && deleted.text).not.toContain("Comentario:");
    const resolved = composeEmail({ ...base, kind: "resolved", comment: null }, url);
    if (typeof resolved === "string") throw new Error(resolved);
    expect(resolved.subject).toContain("resolvió su hilo");
    expect(resolved.text).toContain("Se corrigió.");
  });
});

describe("resumePoint", () => {
  it("prefers Last-Event-ID, then ?after=, and ignores junk", () => {
    expect(resumePoint("12", "3")).toBe(12);
    expect(resumePoint(undefined, "3")).toBe(3);
    expect(resumePoint("abc", "4")).toBe(4);
    expect(resumePoint("-1", undefined)).toBeNull();
    expect(resumePoint(undefined, undefined)).toBeNull();
  });
});
