import { describe, expect, it } from "vitest";
import { can, canGlobally, canSeeProject, canEditContent, globalAbilities, projectAbilities, type ProjectAction } from "./permissions";
import { PROJECT_ROLES } from "./vocabulary";

const member = { userId: "u1", isAdmin: false };
const admin = { userId: "a1", isAdmin: true };

describe("project permissions", () => {
  it("lets only owners and editors change content and project fields", () => {
    const editing: ProjectAction[] = ["project.update", "document.create", "document.rename", "document.edit", "version.create", "version.restore", "review.submit"];
    for (const role of PROJECT_ROLES) {
      for (const action of editing) {
        expect(can(member, action, { role }), `${role} ${action}`).toBe(role === "owner" || role === "editor");
      }
    }
  });

  it("reserves stage changes and member management to owners", () => {
    for (const role of PROJECT_ROLES) {
      expect(can(member, "project.changeStage", { role })).toBe(role === "owner");
      expect(can(member, "project.manageMembers", { role })).toBe(role === "owner");
      expect(can(member, "review.closeAny", { role })).toBe(role === "owner");
    }
  });

  it("lets commenters, reviewers and viewers read but never edit", () => {
    expect(can(member, "document.read", { role: "commenter" })).toBe(true);
    expect(canEditContent(member, { role: "commenter" })).toBe(false);
    expect(canEditContent(member, { role: "viewer" })).toBe(false);
    expect(can(member, "document.read", { role: "viewer" })).toBe(true);
  });

  it("hides projects from non-members", () => {
    expect(canSeeProject(member, { role: null })).toBe(false);
    expect(can(member, "document.read", { role: null })).toBe(false);
  });

  it("gives admins oversight and member management but not authorship", () => {
    expect(canSeeProject(admin, { role: null })).toBe(true);
    expect(can(admin, "project.manageMembers", { role: null })).toBe(true);
    expect(can(admin, "project.update", { role: null })).toBe(false);
    expect(canEditContent(admin, { role: null })).toBe(false);
    expect(canEditContent(admin, { role: "editor" })).toBe(true);
  });

  it("reserves organization and user administration to admins", () => {
    expect(canGlobally(member, "organization.manage")).toBe(false);
    expect(canGlobally(member, "user.manage")).toBe(false);
    expect(canGlobally(admin, "user.manage")).toBe(true);
    expect(canGlobally(member, "server.inspect")).toBe(false);
    expect(canGlobally(admin, "server.inspect")).toBe(true);
    expect(canGlobally(member, "project.create")).toBe(true);
  });
});

describe("projectAbilities", () => {
  const member = { userId: "u", isAdmin: false };
  it("follows can() for every ability", () => {
    expect(projectAbilities(member, { role: "editor" })).toEqual({
      read: true,
      update: true,
      changeStage: false,
      manageMembers: false,
      readAudit: true,
      readDocuments: true,
      createDocument: true,
      renameDocument: true,
      editDocument: true,
      comment: true,
      createVersion: true,
      restoreVersion: true,
      submitReview: true,
      closeAnyReview: false,
    });
    expect(projectAbilities({ userId: "a", isAdmin: true }, { role: null })).toMatchObject({ read: true, manageMembers: true, update: false, editDocument: false });
    expect(Object.values(projectAbilities(member, { role: null })).some(Boolean)).toBe(false);
  });
  it("global abilities: only admins manage organizations and users", () => {
    expect(globalAbilities(member)).toEqual({ createProject: true, manageOrganizations: false, manageUsers: false });
    expect(globalAbilities({ userId: "a", isAdmin: true })).toMatchObject({ manageOrganizations: true, manageUsers: true });
  });
});
