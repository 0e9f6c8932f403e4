import { Hono } from "hono";
import { notificationsReadSchema, preferencesSchema } from "@taller/domain/comments";
import type { AppDeps } from "../deps";
import type { AppEnv } from "../http/env";
import { jsonBody } from "../http/validate";
import { listNotifications, loadPreferences, unreadCount } from "../queries/notifications";
import { presentNotification } from "../presenters/notifications";
import { markNotificationsRead, setPreferences } from "../commands/inbox";

/**
 * The signed-in person's inbox (notifications of projects they can still see, newest first,
 * with the unread count) and their preferences (email on or off).
 */
export function notificationRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .get("/notifications", async (c) => {
      const actor = c.get("actor");
      const [items, unread] = await Promise.all([listNotifications(db, actor), unreadCount(db, actor)]);
      return c.json({ items: items.map(presentNotification), unread });
    })
    .post("/notifications/read", jsonBody(notificationsReadSchema), async (c) => {
      return c.json(await markNotificationsRead({ db, actor: c.get("actor"), input: c.req.valid("json") }));
    })
    .get("/me/preferences", async (c) => {
      return c.json(await loadPreferences(db, c.get("actor").userId));
    })
    .patch("/me/preferences", jsonBody(preferencesSchema), async (c) => {
      return c.json(await setPreferences({ db, actor: c.get("actor"), input: c.req.valid("json") }));
    });
}
