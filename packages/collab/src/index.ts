// Public surface of @taller/collab: a Yjs room host speaking the y-websocket protocol.
export { CollabHost } from "./host";
export { CollabHostClosedError, CollabLoadError } from "./room-loader";
export type { CollabErrorContext, CollabHostOptions, CollabLimits, CollabLogger, CollabMetrics } from "./options";
export { CollabConnection, type CollabSocket, type ConnectionAccess, type ConnectionPhase } from "./connection";
export type { PresenceIdentity } from "./awareness-guard";
export type { AppendEntry, CollabStorage, StoredDocument } from "./storage";
export { InMemoryStorage, type InMemoryStorageHooks, type InMemoryStorageOptions } from "./in-memory-storage";
export { attachWebSocket, type AttachWebSocketOptions } from "./ws-adapter";
export { handleSessionSignals, type ProviderWithMessageHandlers, type SessionSignalHandlers } from "./durable-ack-client";
export type { GroupCommitOptions } from "./group-commit";
export type { RateLimits } from "./rate-limit";
export {
  CloseCode,
  CloseReason,
  RefusalReason,
  decodeSessionSignal,
  encodeAccess,
  encodeDurableAck,
  encodeRefusal,
  isAcknowledgeable,
  messageAccess,
  messageRefused,
  type Access,
  type SessionSignal,
  messageAuth,
  messageAwareness,
  messageDurableAck,
  messageQueryAwareness,
  messageSync,
} from "./protocol";
