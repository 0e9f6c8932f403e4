import { useId, useState } from "react";

/**
 * The versions panel shares the comments panel's place (a column beside the study or the canvas,
 * a drawer on phones): one at a time. Opening the comments (their toggle, a highlight, a deep
 * link) closes the versions panel; opening the versions panel closes the comments.
 */
export function useVersionsPanel(comments: { panelOpen: boolean; setPanelOpen: (open: boolean) => void }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const [commentsWereOpen, setCommentsWereOpen] = useState(comments.panelOpen);
  if (comments.panelOpen !== commentsWereOpen) {
    setCommentsWereOpen(comments.panelOpen);
    if (comments.panelOpen) setOpen(false);
  }
  function toggle() {
    if (!open) comments.setPanelOpen(false);
    setOpen(!open);
  }
  return { open, setOpen, panelId, toggle };
}
