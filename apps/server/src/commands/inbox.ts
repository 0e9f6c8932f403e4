import { and, eq, inArray, isNull } from "@taller/db/sql";
import { DomainError, type Actor, type NotificationsReadInput, type PreferencesInput } from "@taller/domain";
import { notifications, users, type Database } from "@taller/db";
import { recordAudit } from "./audit";
import { appendEvent, userStream } from "../live/outbox";
import { loadPreferences, unreadCount, visibleNotificationIds } from "../queries/notifications";

/**
 * A person's own inbox and preferences. Only one's own notifications can be marked, and only
 * those of projects one can still see: any other id is `notification_not_found` (404), and
 * nothing is marked. Marking read tells the person's other tabs through their own stream.
 */
export async function markNotificationsRead({ db, actor, input }: { db: Database; actor: Actor; input: NotificationsReadInput }): Promise<{ unread: number }> {
  return db.transaction(async (tx) => {
    let ids: string[];
    if ("ids" in input) {
      ids = [...new Set(input.ids.map((id) => id.toLowerCase()))];
      const visible = new Set(await visibleNotificationIds(tx, actor, { ids }));
      if (ids.some((id) => !visible.has(id))) {
        throw new DomainError("notification_not_found", "No existe el aviso o no es suyo.");
      }
    } else {
      ids = await visibleNotificationIds(tx, actor, { unread: true });
    }
    if (ids.length > 0) {
      const marked = await tx
        .update(notifications)
        .set({ readAt: new Date() })
        .where(and(eq(notifications.userId, actor.userId), inArray(notifications.id, ids), isNull(notifications.readAt)))
        .returning({ id: notifications.id });
      if (marked.length > 0) {
        await appendEvent(tx, { stream: userStream(actor.userId), type: "notifications.read", data: { notificationIds: marked.map((m) => m.id) } });
      }
    }
    return { unread: await unreadCount(tx, actor) };
  });
}

/** Email on or off for the person's notifications; audited. */
export async function setPreferences({ db, actor, input }: { db: Database; actor: Actor; input: PreferencesInput }) {
  return db.transaction(async (tx) => {
    await tx.update(users).set({ emailNotifications: input.emailNotifications }).where(eq(users.id, actor.userId));
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "user.preferences_changed",
      subjectType: "user",
      subjectId: actor.userId,
      details: { emailNotifications: input.emailNotifications },
    });
    return loadPreferences(tx, actor.userId);
  });
}
