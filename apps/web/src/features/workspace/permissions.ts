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

export function permissionsFor(role: ProjectRole | null, isAdmin: boolean): WorkspacePermissions {
  const editing = role === "owner" || role === "editor";
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
