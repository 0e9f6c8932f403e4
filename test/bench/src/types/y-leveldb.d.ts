// y-leveldb ships declarations its package.json "exports" does not point to; these are the
// members the y-websocket-server wrapper uses.
declare module "y-leveldb" {
  import type * as Y from "yjs";
  export class LeveldbPersistence {
    constructor(location: string);
    getYDoc(docName: string): Promise<Y.Doc>;
    storeUpdate(docName: string, update: Uint8Array): Promise<number>;
    clearDocument(docName: string): Promise<void>;
    destroy(): Promise<void>;
  }
}
