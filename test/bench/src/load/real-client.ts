import * as Y from "yjs";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { Framing, type TargetInfo } from "./target";

/**
 * A stock client of each server (y-websocket's WebsocketProvider, or HocuspocusProvider), with a
 * real Y.Doc: used beside the raw load to check that every server delivered a document that
 * converges to what the authors wrote.
 */
export class RealClient {
  readonly doc = new Y.Doc();
  private readonly destroyProvider: () => void;
  private readonly isSynced: () => boolean;

  constructor(target: TargetInfo, name: string) {
    const framing = new Framing(target, name);
    if (target.kind === "hocuspocus") {
      const websocketProvider = new HocuspocusProviderWebsocket({ url: framing.url(), WebSocketPolyfill: WebSocket });
      const provider = new HocuspocusProvider({ websocketProvider, name, document: this.doc });
      provider.attach();
      this.isSynced = () => provider.isSynced;
      this.destroyProvider = () => {
        provider.destroy();
        websocketProvider.destroy();
      };
    } else {
      const headers = target.headers;
      class HeaderWebSocket extends WebSocket {
        constructor(url: string, protocols?: string | string[]) {
          super(url, protocols, { headers });
        }
      }
      const url = framing.url({ ack: false });
      // WebsocketProvider appends "/<room>"; give it the URL without the room.
      const slash = url.lastIndexOf("/");
      const provider = new WebsocketProvider(url.slice(0, slash), url.slice(slash + 1), this.doc, {
        WebSocketPolyfill: HeaderWebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
      });
      this.isSynced = () => provider.synced;
      this.destroyProvider = () => provider.destroy();
    }
  }

  get synced(): boolean {
    return this.isSynced();
  }

  text(field = "t"): string {
    return this.doc.getText(field).toString();
  }

  destroy(): void {
    this.destroyProvider();
    this.doc.destroy();
  }
}
