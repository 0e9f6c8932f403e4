// A deliberately small data-loading hook: enough for list and detail screens until the workspace
// needs caching or live invalidation. Each load is keyed; a result is shown only while its key is
// still current, so a slow answer for old filters can never overwrite the answer for new ones.
import { useCallback, useEffect, useEffectEvent, useState } from "react";
import { isAbortError } from "../api";

export type QueryState<T> =
  | { status: "loading"; data: T | undefined; error: undefined }
  | { status: "success"; data: T; error: undefined }
  | { status: "error"; data: T | undefined; error: unknown };

export type ApiQuery<T> = QueryState<T> & {
  /** Loads again with the same key (after a failure, or after a create elsewhere). */
  reload: () => void;
  /** Replaces the data locally, e.g. to show a just-created row without a round trip. */
  setData: (update: (current: T | undefined) => T) => void;
};

type Store<T> = { settledKey: string | undefined; failed: boolean; error: unknown; data: T | undefined };

/**
 * Runs `load` whenever `key` changes (or `reload` is called) and exposes loading/success/error.
 * `key` must capture every input of `load`; the previous data stays visible while reloading so
 * tables don't collapse and jump under the user's pointer.
 */
export function useApiQuery<T>(key: string, load: (signal: AbortSignal) => Promise<T>): ApiQuery<T> {
  const [generation, setGeneration] = useState(0);
  const [store, setStore] = useState<Store<T>>({
    settledKey: undefined,
    failed: false,
    error: undefined,
    data: undefined,
  });
  const requestKey = `${generation}:${key}`;
  // An effect event always sees the latest `load` closure without making it a dependency:
  // the request's identity is `requestKey`, not the closure's.
  const runLoad = useEffectEvent((signal: AbortSignal) => load(signal));

  useEffect(() => {
    const controller = new AbortController();
    runLoad(controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        setStore({ settledKey: requestKey, failed: false, error: undefined, data });
      },
      (error: unknown) => {
        if (controller.signal.aborted || isAbortError(error)) return;
        setStore((current) => ({ settledKey: requestKey, failed: true, error, data: current.data }));
      },
    );
    return () => controller.abort();
  }, [requestKey]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const setData = useCallback((update: (current: T | undefined) => T) => {
    setStore((current) => ({ ...current, data: update(current.data) }));
  }, []);

  let state: QueryState<T>;
  if (store.settledKey !== requestKey) state = { status: "loading", data: store.data, error: undefined };
  else if (store.failed) state = { status: "error", data: store.data, error: store.error };
  else state = { status: "success", data: store.data as T, error: undefined };
  return { ...state, reload, setData };
}
