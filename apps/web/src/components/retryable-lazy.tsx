// Code-split screens that can be loaded again after a failure. React.lazy keeps a rejected import
// for good (every later render throws the same error), so a chunk that failed while offline could
// never appear without reloading the page. `lazy` below has React.lazy's signature; when its
// import fails it remembers that, and the next render after `retryFailedChunks()` (which the
// route error boundary calls when it resets: the network is back, «Reintentar», another route)
// starts a fresh React.lazy, i.e. a new import(). Browsers that follow the current HTML spec do
// not keep a failed module fetch in their module map, so that new import() really requests the
// chunk again (seen in Chromium; test/e2e/error-boundary.test.ts).
//
// Vite's preload helper also adds the chunk's CSS as <link rel=stylesheet> and never adds a link
// twice, so a stylesheet that failed offline would leave the screen unstyled for good: the failed
// links are recorded here and replaced by fresh ones before the retry.
import { lazy as reactLazy, type ComponentProps, type ComponentType, type LazyExoticComponent } from "react";

/** A code-split part of the app could not be loaded (network down, server unreachable, new deploy). */
export class ChunkLoadError extends Error {
  constructor(cause: unknown) {
    super("A part of the application could not be loaded", { cause });
    this.name = "ChunkLoadError";
  }
}

// What browsers and Vite's preload helper say when a module or its CSS does not arrive (Chromium,
// Firefox, Safari, Vite), for lazy components made with React's own `lazy`.
const chunkMessages = /dynamically imported module|Importing a module script failed|error loading dynamically imported module|Unable to preload CSS/i;

export function isChunkLoadError(error: unknown): boolean {
  return error instanceof ChunkLoadError || (error instanceof Error && chunkMessages.test(error.message));
}

let generation = 0;

/** Lets every lazy component whose import failed try again on its next render. */
export function retryFailedChunks(): void {
  generation += 1;
}

const failedStylesheets = new Set<HTMLLinkElement>();

if (typeof document !== "undefined") {
  // Loading errors do not bubble, but they pass the document in the capture phase.
  document.addEventListener(
    "error",
    (event) => {
      const target = event.target;
      if (target instanceof HTMLLinkElement && target.rel === "stylesheet") failedStylesheets.add(target);
    },
    true,
  );
}

/** Replaces every stylesheet link that failed to load by a fresh one; rejects if one fails again. */
async function restoreFailedStylesheets(): Promise<void> {
  const links = [...failedStylesheets];
  failedStylesheets.clear();
  const results = await Promise.all(
    links.map(
      (failed) =>
        new Promise<boolean>((resolve) => {
          const link = failed.cloneNode() as HTMLLinkElement;
          link.addEventListener("load", () => resolve(true));
          link.addEventListener("error", () => resolve(false));
          failed.replaceWith(link);
        }),
    ),
  );
  if (results.includes(false)) throw new Error("Unable to preload CSS again");
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the same bound as React.lazy's, so call sites infer alike
type AnyComponent = ComponentType<any>;

type Attempt<T extends AnyComponent> = { component: LazyExoticComponent<T>; failed: boolean; generation: number };

/** React.lazy that tries the import again after `retryFailedChunks()` if it failed. */
export function lazy<T extends AnyComponent>(load: () => Promise<{ default: T }>): ComponentType<ComponentProps<T>> {
  const start = (): Attempt<T> => {
    const attempt: Attempt<T> = {
      failed: false,
      generation,
      component: reactLazy(async () => {
        try {
          await restoreFailedStylesheets();
          return await load();
        } catch (error) {
          attempt.failed = true;
          throw new ChunkLoadError(error);
        }
      }),
    };
    return attempt;
  };
  let current: Attempt<T> | null = null;

  function Retryable(props: ComponentProps<T>) {
    // Started at first render (not at definition), like React.lazy; restarted only after a failure
    // and a retry request, so a render between the failure and the boundary does not refetch.
    if (!current || (current.failed && current.generation !== generation)) current = start();
    const Component = current.component as AnyComponent;
    return <Component {...props} />;
  }
  return Retryable;
}
