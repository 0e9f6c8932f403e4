// Browser-side surface of @taller/collab: what a web client needs to speak Taller's additions to
// the y-websocket protocol, without pulling the room host into the bundle.
export { handleDurableAcks, type ProviderWithMessageHandlers } from "./durable-ack-client";
export { CloseCode, CloseReason, messageDurableAck, messageSync, syncStep2, syncUpdate } from "./protocol";
