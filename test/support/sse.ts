import type { ApiClient } from "./api-client";

/** One Server-Sent Event as a browser's EventSource would deliver it. */
export interface SseEvent {
  id: string | undefined;
  event: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- asserted field by field
  data: any;
}

export interface SseStream {
  status: number;
  /** Every event received so far, in order. */
  events: SseEvent[];
  /** Resolves with the first event (received or to come) matching `match`; rejects after `timeoutMs` or if the stream ends first. */
  next(match: (event: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  /** Drops the connection (as a closed tab or a network cut). */
  close(): void;
}

/**
 * Opens an SSE stream through `client` (its session cookie, real HTTP when the client targets a
 * URL) and parses it as EventSource does: `id:`, `event:`, `data:` lines, blank line ends an
 * event, `:` lines are comments. The answer's status is there for refusals (404, 401).
 */
export async function openSse(client: ApiClient, path: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const abort = new AbortController();
  const res = await client.fetch(path, { headers: { accept: "text/event-stream", ...headers }, signal: abort.signal });
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  let finished = false;
  const notify = () => {
    for (const w of [...waiters]) w();
  };

  const ended = (async () => {
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel().catch(() => {});
      return;
    }
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let id: string | undefined;
          let event = "message";
          const data: string[] = [];
          for (const line of block.split("\n")) {
            if (line.startsWith(":")) continue;
            const colon = line.indexOf(":");
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
            if (field === "id") id = value;
            else if (field === "event") event = value;
            else if (field === "data") data.push(value);
          }
          if (data.length === 0) continue;
          const text = data.join("\n");
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON: kept as text
          }
          events.push({ id, event, data: parsed });
          notify();
        }
      }
    } catch {
      // aborted by close()
    } finally {
      finished = true;
      notify();
    }
  })();

  return {
    status: res.status,
    events,
    ended,
    close: () => abort.abort(),
    next(match, timeoutMs = 10_000) {
      return new Promise<SseEvent>((resolve, reject) => {
        let seen = 0;
        const check = () => {
          for (; seen < events.length; seen++) {
            if (match(events[seen]!)) {
              done();
              resolve(events[seen]!);
              return;
            }
          }
          if (finished) {
            done();
            reject(new Error(`stream ended without the awaited event; got: ${events.map((e) => e.event).join(", ")}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no awaited event within ${timeoutMs} ms; got: ${events.map((e) => e.event).join(", ")}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
}
