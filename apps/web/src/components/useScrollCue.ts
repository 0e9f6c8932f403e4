import { useEffect, useState } from "react";

/**
 * Which edges of a sideways scroller hide content (issue 15: tabs and the board must show that
 * they scroll). The caller puts `attach` as the scrolling element's ref and `data-scroll-start` /
 * `data-scroll-end` (from `start` / `end`) on a `.scroll-cue` frame around it, whose CSS draws a
 * fading shadow on those edges. `watch` re-measures when the content changes (labels, language).
 */
export function useScrollCue<T extends HTMLElement>(watch?: unknown) {
  // A callback ref (state): the effect runs again when the scroller mounts or is replaced.
  const [element, attach] = useState<T | null>(null);
  const [edges, setEdges] = useState({ start: false, end: false });

  useEffect(() => {
    if (!element) return;
    const update = () => {
      const start = element.scrollLeft > 1;
      const end = element.scrollLeft + element.clientWidth < element.scrollWidth - 1;
      setEdges((previous) => (previous.start === start && previous.end === end ? previous : { start, end }));
    };
    update();
    element.addEventListener("scroll", update, { passive: true });
    const observer = new ResizeObserver(update);
    observer.observe(element);
    for (const child of Array.from(element.children)) observer.observe(child);
    return () => {
      element.removeEventListener("scroll", update);
      observer.disconnect();
    };
  }, [element, watch]);

  return {
    /** The scroller's ref (a callback): `ref={cue.attach}`. */
    attach,
    ...edges,
    /** Attributes for the `.scroll-cue` frame. */
    frame: { "data-scroll-start": edges.start || undefined, "data-scroll-end": edges.end || undefined },
  };
}
