// The comments feature's public face, used by the study editor and the canvas: the threads panel,
// one thread, the new-thread composer, and the data hooks (api/comments.ts).
import "./strings";

export { ThreadsPanel, type ThreadsPanelProps } from "./ThreadsPanel";
export { ThreadView, type ThreadViewProps } from "./ThreadView";
export { NewThreadComposer } from "./NewThreadComposer";
export { CommentBody, PersonName } from "./CommentBody";
export { useUnread } from "./useUnread";
export { useLinkedThread } from "./useLinkedThread";
export { useDocumentProjectId, useProjectPeople } from "./people";
export {
  threadQueries,
  threadMutations,
  threadsExportUrl,
  useThreads,
  useCreateThread,
  useReply,
  useResolveThread,
  useReopenThread,
  useEditComment,
  useDeleteComment,
  useCommentRevisions,
  type CommentThread,
  type ThreadComment,
  type CommentPerson,
  type TextAnchor,
  type CanvasAnchor,
} from "../../api/comments";
