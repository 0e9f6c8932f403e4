import { useCallback, useEffect, useState } from "react";
import type { CommentThread } from "../../api/comments";
import { isUnread, markSeen, readSeen, seenStorageKey, writeSeen, type SeenMap } from "./unread";

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/**
 * «Nuevo» markers of one person (this browser): which threads have comments by others they have
 * not seen, and `markRead` for a thread they opened. Other tabs' reads arrive through `storage`.
 */
export function useUnread(userId: string): { isNew: (thread: CommentThread) => boolean; markRead: (thread: CommentThread) => void; seen: SeenMap } {
  const [seen, setSeen] = useState<SeenMap>(() => readSeen(storage(), userId));

  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === seenStorageKey(userId)) setSeen(readSeen(storage(), userId));
    };
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, [userId]);

  const markRead = useCallback(
    (thread: CommentThread) => {
      setSeen((current) => {
        // Re-read first: another tab may have marked other threads meanwhile.
        const base = { ...readSeen(storage(), userId), ...current };
        const next = markSeen(base, thread);
        if (next !== base) writeSeen(storage(), userId, next);
        return next === base && base[thread.id] === current[thread.id] ? current : next;
      });
    },
    [userId],
  );

  const isNew = useCallback((thread: CommentThread) => isUnread(thread, seen, userId), [seen, userId]);
  return { isNew, markRead, seen };
}
