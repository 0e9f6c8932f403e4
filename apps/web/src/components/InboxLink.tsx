import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";
import { useUserEvents } from "../api/events";
import { notificationQueries } from "../api/notifications";
import "./inbox-link.css";

/**
 * «Avisos» in the header with the unread count (its accessible name says it: "Avisos, 3 sin
 * leer"), kept live by the person's own event stream while they are signed in.
 */
export function InboxLink() {
  const { t } = useTranslation();
  useUserEvents();
  const inbox = useQuery(notificationQueries.inbox());
  const unread = inbox.data?.unread ?? 0;
  return (
    // The name comes from the content, so what is read is what is shown: "Avisos, 3 sin leer".
    <NavLink to="/inbox" className="inbox-link">
      <svg className="inbox-link-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path
          d="M12 3a6 6 0 0 0-6 6v3.6l-1.6 2.7A1 1 0 0 0 5.3 17h13.4a1 1 0 0 0 .9-1.7L18 12.6V9a6 6 0 0 0-6-6Zm-2.5 15.5a2.5 2.5 0 0 0 5 0"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      <span className="inbox-link-text">
        {t("nav.inbox")}
        {unread > 0 ? <span className="visually-hidden">,</span> : null}
      </span>
      {unread > 0 ? (
        <span className="inbox-link-count">
          {unread > 99 ? "99+" : unread}
          <span className="visually-hidden"> {t("nav.inboxUnread", { count: unread })}</span>
        </span>
      ) : null}
    </NavLink>
  );
}
