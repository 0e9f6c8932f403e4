import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Meeting } from "../../api/meetings";

/**
 * What changed while the page is open (others' edits arrive through the meeting's stream), in
 * words for a polite live region: the status first, then the item meeting mode shows.
 */
export function useMeetingAnnouncement(meeting: Meeting): string {
  const { t } = useTranslation("meetings");
  const [shown, setShown] = useState({ id: meeting.id, status: meeting.status, current: meeting.currentItemId });
  const [announcement, setAnnouncement] = useState("");
  if (shown.id !== meeting.id || shown.status !== meeting.status || shown.current !== meeting.currentItemId) {
    setShown({ id: meeting.id, status: meeting.status, current: meeting.currentItemId });
    if (shown.id !== meeting.id) setAnnouncement("");
    else if (shown.status !== meeting.status) setAnnouncement(t("page.liveStatus", { status: t(`status.${meeting.status}`) }));
    else {
      const item = meeting.agenda.find((i) => i.id === meeting.currentItemId);
      setAnnouncement(item ? t("mode.of", { position: item.position, total: meeting.agenda.length }) : "");
    }
  }
  return announcement;
}
