import type { StoredAnchor } from "@taller/db";
import type { NotificationRecord } from "../queries/notifications";

/** Where a notification leads in the web app: the document, with its thread opened. */
export function notificationPath(documentId: string, threadId: string): string {
  return `/documents/${documentId}?thread=${threadId}`;
}

/** The quoted text of a text anchor (what the thread is about), if any. */
export function anchorQuote(anchor: StoredAnchor): string | undefined {
  return anchor.type === "text" && anchor.quote ? anchor.quote : undefined;
}

/** The one API shape of an inbox item. */
export function presentNotification(n: NotificationRecord) {
  const quote = anchorQuote(n.thread.anchor);
  return {
    id: n.id,
    kind: n.kind,
    createdAt: n.createdAt,
    readAt: n.readAt,
    project: n.project,
    document: n.document,
    thread: { id: n.thread.id, ...(quote !== undefined ? { quote } : {}) },
    actor:
      n.actor && n.actorOrg
        ? { id: n.actor.id, name: n.actor.name, org: { id: n.actorOrg.id, name: n.actorOrg.name, shortName: n.actorOrg.shortName } }
        : null,
    link: notificationPath(n.document.id, n.thread.id),
  };
}
