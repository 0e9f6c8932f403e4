// What the signed-in person may do in a project, mirroring packages/domain permissions.ts so the
// UI offers only what the server will accept (the server still decides every request).
import type { ProjectRole } from "../../api";

export type WorkspacePermissions = {
  edit: boolean;
  changeStage: boolean;
  manageMembers: boolean;
  createDocuments: boolean;
  renameDocuments: boolean;
  readActivity: boolean;
};

/**
 * Roles that may change a project's and its documents' content (the server enforces the same
 * rule). Here, not in collab/, so the document page can use it without loading the editors' code.
 */
export function roleCanEdit(role: string | null): boolean {
  return role === "owner" || role === "editor";
}

export function permissionsFor(role: ProjectRole | null, isAdmin: boolean): WorkspacePermissions {
  const editing = roleCanEdit(role);
  return {
    edit: editing,
    changeStage: role === "owner",
    // Admins may hand a project over (e.g. when its owner left), but do not edit its content.
    manageMembers: role === "owner" || isAdmin,
    createDocuments: editing,
    renameDocuments: editing,
    readActivity: editing || role === "reviewer" || isAdmin,
  };
}
