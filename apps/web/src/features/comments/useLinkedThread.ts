import { useCallback, useState } from "react";
import { useSearchParams } from "react-router";

/**
 * The selected thread of a document page, mirrored in the URL (`?thread=<id>`, replaced, not
 * pushed) so that a link from the inbox or a copied address opens the same thread. Answers the
 * thread the page was opened with (read once: the deep link to jump to), the selected one, and
 * `select`, which changes both.
 */
export function useLinkedThread(): {
  openedWith: string | null;
  selectedId: string | null;
  select: (threadId: string | null) => void;
} {
  const [searchParams, setSearchParams] = useSearchParams();
  const [openedWith] = useState(() => searchParams.get("thread"));
  const [selectedId, setSelectedId] = useState<string | null>(openedWith);
  const select = useCallback(
    (threadId: string | null) => {
      setSelectedId(threadId);
      setSearchParams(
        (params) => {
          const next = new URLSearchParams(params);
          if (threadId) next.set("thread", threadId);
          else next.delete("thread");
          return next;
        },
        { replace: true },
      );
    },
    [setSearchParams],
  );
  return { openedWith, selectedId, select };
}
