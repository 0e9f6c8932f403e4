import { describe, expect, it } from "vitest";
import { can, canGlobally, canSeeProject, canEditContent, globalAbilities, mayCreateProjects, projectAbilities, type ProjectAction } from "./permissions";
import { PROJECT_ROLES } from "./vocabulary";

const member = { userId: "u1", isAdmin: false };
const admin = { userId: "a1", isAdmin: true };

describe("project permissions", () => {
  it("lets only owners and editors change content and project fields", () => {
    const editing: ProjectAction[] = [
      "project.update",
      "document.create",
      "document.rename",
      "document.edit",
      "version.create",
      "version.restore",
      "review.submit",
      "followUp.edit",
    ];
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
  });

  it("lets only administrators and people of agencies that may propose projects create them", () => {
    // An agency's person without the flag (absent counts as no), with it, and administrators with or without it.
    expect(canGlobally(member, "project.create")).toBe(false);
    expect(canGlobally({ ...member, createsProjects: false }, "project.create")).toBe(false);
    expect(canGlobally({ ...member, createsProjects: true }, "project.create")).toBe(true);
    expect(canGlobally(admin, "project.create")).toBe(true);
    expect(canGlobally({ ...admin, createsProjects: false }, "project.create")).toBe(true);
    expect(mayCreateProjects({ isAdmin: false, createsProjects: true })).toBe(true);
    expect(mayCreateProjects({ isAdmin: false })).toBe(false);
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
      editFollowUp: true,
      archiveDocument: true,
      deleteDocument: false,
      archiveProject: false,
    });
    expect(projectAbilities({ userId: "a", isAdmin: true }, { role: null })).toMatchObject({ read: true, manageMembers: true, update: false, editDocument: false, editFollowUp: false });
    for (const role of ["commenter", "reviewer", "viewer"] as const) {
      expect(projectAbilities(member, { role }), role).toMatchObject({ read: true, editFollowUp: false });
    }
    expect(projectAbilities(member, { role: "owner" }).editFollowUp).toBe(true);
    expect(Object.values(projectAbilities(member, { role: null })).some(Boolean)).toBe(false);
  });

  it("archive and delete: owners archive projects and delete documents; owners and editors archive documents; admins none", () => {
    expect(projectAbilities(member, { role: "owner" })).toMatchObject({ archiveDocument: true, deleteDocument: true, archiveProject: true });
    for (const role of ["commenter", "reviewer", "viewer"] as const) {
      expect(projectAbilities(member, { role }), role).toMatchObject({ archiveDocument: false, deleteDocument: false, archiveProject: false });
    }
    expect(projectAbilities({ userId: "a", isAdmin: true }, { role: null })).toMatchObject({ archiveDocument: false, deleteDocument: false, archiveProject: false });
  });
  it("global abilities: only admins manage organizations and users", () => {
    expect(globalAbilities(member)).toEqual({ createProject: false, manageOrganizations: false, manageUsers: false, manageTerritory: false });
    expect(globalAbilities({ ...member, createsProjects: true })).toMatchObject({ createProject: true, manageOrganizations: false });
    expect(globalAbilities({ userId: "a", isAdmin: true })).toMatchObject({ manageOrganizations: true, manageUsers: true });
  });
});
