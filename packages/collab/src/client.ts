// Browser-side surface of @taller/collab: what a web client needs to speak Taller's additions to
// the y-websocket protocol, without pulling the room host into the bundle.
export { handleSessionSignals, type ProviderWithMessageHandlers, type SessionSignalHandlers } from "./durable-ack-client";
export {
  CloseCode,
  CloseReason,
  RefusalReason,
  isAcknowledgeable,
  messageDurableAck,
  messageSync,
  syncStep2,
  syncUpdate,
  type Access,
} from "./protocol";
