// "The session is gone" reported from outside an API call: the collaboration socket closed with
// 4401 `session_ended` (logout elsewhere, expiry). AuthProvider treats it like a 401 from the
// API: the person goes to the login page and comes back to where they were.
type Listener = () => void;
const listeners = new Set<Listener>();

export function onSessionEnded(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function reportSessionEnded(): void {
  for (const listener of listeners) listener();
}
