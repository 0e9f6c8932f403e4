// Comments on the design canvas: the «Comentar» tool in tldraw's toolbar, the numbered pins drawn
// in front of the canvas, the composer that opens beside a picked spot, and the state they share
// with the comments panel beside the canvas (which thread is selected, whether resolved threads
// show, the camera jump). The panel and the composer are the comments feature's own
// (features/comments); this module places them on the canvas.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import {
  ArrowDownToolbarItem,
  ArrowLeftToolbarItem,
  ArrowRightToolbarItem,
  ArrowToolbarItem,
  ArrowUpToolbarItem,
  AssetToolbarItem,
  CheckBoxToolbarItem,
  CloudToolbarItem,
  DefaultToolbar,
  DiamondToolbarItem,
  DrawToolbarItem,
  EllipseToolbarItem,
  EraserToolbarItem,
  FrameToolbarItem,
  HandToolbarItem,
  HeartToolbarItem,
  HexagonToolbarItem,
  HighlightToolbarItem,
  LaserToolbarItem,
  LineToolbarItem,
  NoteToolbarItem,
  OvalToolbarItem,
  RectangleToolbarItem,
  RhombusToolbarItem,
  SelectToolbarItem,
  StarToolbarItem,
  TextToolbarItem,
  ToolbarItem,
  TriangleToolbarItem,
  XBoxToolbarItem,
  useEditor,
  useValue,
  type Editor,
  type TLComponents,
  type TLUiOverrides,
} from "tldraw";
import { useThreads, type CommentThread } from "../../../api/comments";
import { useLinkedThread } from "../../comments/useLinkedThread";
import { COMMENT_TOOL_ID, CommentTool, commentToolOf } from "./CommentTool";
import { LastKnownPlaces } from "./geometry";
import { jumpTo, numberThreads, placeOnEditor, placePins, regionOnViewport, type NumberedThread, type PlacedPin } from "./model";

/** Registered with Tldraw's `tools`. */
export const commentTools = [CommentTool];

/** What the pins, the composer and the panel share. */
export interface CanvasCommentsState {
  documentId: string;
  /** The document's canvas threads, numbered. */
  threads: NumberedThread[];
  /** The threads whose pins show: open ones, and resolved ones while the panel shows them. */
  pinned: NumberedThread[];
  loaded: boolean;
  selectedId: string | null;
  /** Selects a thread (its pin and its card); from a pin it also opens the panel's drawer. */
  select(threadId: string | null, options?: { openPanel?: boolean }): void;
  showResolved: boolean;
  setShowResolved(show: boolean): void;
  /** Moves the camera to a thread's pin; false when it has no place on the canvas. */
  jump(threadId: string): boolean;
  /** The last place each shape's pins were seen (a deleted shape's pins stay there). */
  memory: LastKnownPlaces<string>;
  /** The panel's drawer (narrow screens). */
  panelOpen: boolean;
  setPanelOpen(open: boolean): void;
}

const CanvasCommentsContext = createContext<CanvasCommentsState | null>(null);

export function CanvasCommentsProvider({ value, children }: { value: CanvasCommentsState; children: ReactNode }) {
  return <CanvasCommentsContext.Provider value={value}>{children}</CanvasCommentsContext.Provider>;
}

export function useCanvasCommentsContext(): CanvasCommentsState | null {
  return useContext(CanvasCommentsContext);
}

/**
 * The canvas's comment state, for DesignCanvas to share with tldraw's components and the panel.
 * The selected thread is in the address (?thread=<id>, as in the study): a link from the inbox
 * opens the canvas with the thread selected and the camera on its pin.
 */
export function useCanvasComments(documentId: string, editor: Editor | null): CanvasCommentsState {
  const query = useThreads(documentId);
  const threads = useMemo(() => numberThreads(query.data?.threads ?? []), [query.data]);
  const { openedWith, selectedId, select: selectLinked } = useLinkedThread();
  const [showResolved, setShowResolved] = useState(false);
  // Open threads, resolved ones while the panel lists them, and the selected one whatever its status.
  const pinned = useMemo(
    () => threads.filter((t) => showResolved || t.thread.status === "open" || t.thread.id === selectedId),
    [threads, showResolved, selectedId],
  );
  const [panelOpen, setPanelOpen] = useState(Boolean(openedWith));
  const [memory] = useState(() => new LastKnownPlaces<string>());

  const select = useCallback(
    (threadId: string | null, { openPanel = true }: { openPanel?: boolean } = {}) => {
      selectLinked(threadId);
      if (threadId && openPanel) setPanelOpen(true);
    },
    [selectLinked],
  );

  const jump = useCallback(
    (threadId: string) => {
      const found = threads.find((t) => t.thread.id === threadId);
      select(threadId, { openPanel: false });
      if (!editor || !found) return false;
      return jumpTo(editor, found.anchor, memory);
    },
    [editor, threads, memory, select],
  );

  // The deep link the page was opened with: once the canvas and the threads are here, to its pin.
  const linkedDone = useRef(false);
  useEffect(() => {
    if (linkedDone.current || !openedWith || !editor || !query.isSuccess) return;
    linkedDone.current = true;
    const found = threads.find((t) => t.thread.id === openedWith);
    if (found) jumpTo(editor, found.anchor, memory);
  }, [openedWith, editor, query.isSuccess, threads, memory]);

  return {
    documentId,
    threads,
    pinned,
    loaded: query.isSuccess,
    selectedId,
    select,
    showResolved,
    setShowResolved,
    jump,
    memory,
    panelOpen,
    setPanelOpen,
  };
}

/**
 * tldraw's UI overrides: the comment tool (label, icon, shortcut «c»), usable in read-only mode —
 * commenters and reviewers are read-only on the canvas and are the ones who comment — and only
 * for those the server lets comment (`abilities.comment`).
 */
export function useCommentOverrides(locale: "es" | "en", canComment: boolean): TLUiOverrides {
  const { t } = useTranslation("canvas");
  const label = t("comments.tool");
  return useMemo<TLUiOverrides>(
    () => ({
      translations: { [locale]: { "tool.taller-comment": label } },
      tools(editor, tools) {
        // Viewers read the threads; the tool is offered to whoever the server lets comment.
        if (!canComment) return tools;
        tools[COMMENT_TOOL_ID] = {
          id: COMMENT_TOOL_ID,
          label: "tool.taller-comment",
          icon: "comment",
          kbd: "c",
          readonlyOk: true,
          onSelect() {
            editor.setCurrentTool(COMMENT_TOOL_ID);
          },
        };
        return tools;
      },
    }),
    [locale, label, canComment],
  );
}

/** tldraw's toolbar with «Comentar» after the select and hand tools. */
function CommentToolbar() {
  return (
    <DefaultToolbar>
      <SelectToolbarItem />
      <HandToolbarItem />
      <ToolbarItem tool={COMMENT_TOOL_ID} />
      <DrawToolbarItem />
      <EraserToolbarItem />
      <ArrowToolbarItem />
      <TextToolbarItem />
      <NoteToolbarItem />
      <AssetToolbarItem />
      <RectangleToolbarItem />
      <EllipseToolbarItem />
      <TriangleToolbarItem />
      <DiamondToolbarItem />
      <HexagonToolbarItem />
      <OvalToolbarItem />
      <RhombusToolbarItem />
      <StarToolbarItem />
      <CloudToolbarItem />
      <HeartToolbarItem />
      <XBoxToolbarItem />
      <CheckBoxToolbarItem />
      <ArrowLeftToolbarItem />
      <ArrowUpToolbarItem />
      <ArrowDownToolbarItem />
      <ArrowRightToolbarItem />
      <LineToolbarItem />
      <HighlightToolbarItem />
      <LaserToolbarItem />
      <FrameToolbarItem />
    </DefaultToolbar>
  );
}

/** Pins and the spot being placed, in front of the canvas (under tldraw's menus). */
function CommentPins() {
  const editor = useEditor();
  const state = useCanvasCommentsContext();
  const { t } = useTranslation("canvas");
  const pinned = state?.pinned;
  const memory = state?.memory;
  const pins = useValue("comment pins", () => (pinned && memory ? placePins(editor, pinned, memory) : []), [editor, pinned, memory]);
  const tool = commentToolOf(editor);
  const dragging = useValue("comment drag", () => tool?.dragging.get() ?? null, [tool]);
  const draft = useValue(
    "comment draft spot",
    () => {
      const current = tool?.draft.get();
      if (!current || !memory) return null;
      const place = placeOnEditor(editor, current.anchor, memory);
      const point = editor.pageToViewport(place?.point ?? current.at);
      return { x: point.x, y: point.y, region: current.anchor.region ? regionOnViewport(editor, current.anchor.region) : undefined };
    },
    [editor, tool, memory],
  );
  if (!state) return null;
  const draggedRegion = dragging ? regionOnViewport(editor, dragging) : null;

  return (
    <div className="canvas-comments-layer">
      {pins.some((p) => p.region) ? (
        <div aria-hidden="true">
          {pins.map((pin) =>
            pin.region ? (
              <div
                key={`region-${pin.id}`}
                className={`canvas-comment-region${pin.id === state.selectedId ? " is-selected" : ""}`}
                style={{ transform: `translate(${pin.region.x}px, ${pin.region.y}px)`, width: pin.region.w, height: pin.region.h }}
              />
            ) : null,
          )}
        </div>
      ) : null}
      {draggedRegion ? <Region rect={draggedRegion} draft /> : null}
      {draft?.region ? <Region rect={draft.region} draft /> : null}
      {pins.length > 0 ? (
        <ul className="canvas-pins" aria-label={t("comments.pins")}>
          {pins.map((pin) => (
            <li key={pin.id}>
              <Pin pin={pin} selected={pin.id === state.selectedId} onSelect={state.select} />
            </li>
          ))}
        </ul>
      ) : null}
      {draft ? (
        <span className="canvas-pin canvas-pin-draft" style={{ transform: `translate(${draft.x}px, ${draft.y}px)` }} aria-hidden="true">
          <span className="canvas-pin-bubble">+</span>
        </span>
      ) : null}
    </div>
  );
}

function Region({ rect, draft }: { rect: { x: number; y: number; w: number; h: number }; draft?: boolean }) {
  return (
    <div
      className={`canvas-comment-region${draft ? " is-draft" : ""}`}
      style={{ transform: `translate(${rect.x}px, ${rect.y}px)`, width: rect.w, height: rect.h }}
      aria-hidden="true"
    />
  );
}

export function pinLabel(t: ReturnType<typeof useTranslation<"canvas">>["t"], pin: { number: number; thread: CommentThread; orphaned: boolean }): string {
  const values = { number: pin.number, name: pin.thread.openedBy.name, org: pin.thread.openedBy.org.shortName };
  if (pin.orphaned) return t("comments.pinOrphaned", values);
  if (pin.thread.status === "resolved") return t("comments.pinResolved", values);
  return t("comments.pin", values);
}

function Pin({ pin, selected, onSelect }: { pin: PlacedPin; selected: boolean; onSelect: (id: string) => void }) {
  const { t } = useTranslation("canvas");
  const classes = ["canvas-pin", selected ? "is-selected" : "", pin.orphaned ? "is-orphaned" : "", pin.thread.status === "resolved" ? "is-resolved" : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <button
      type="button"
      className={classes}
      style={{ transform: `translate(${pin.x}px, ${pin.y}px)` }}
      data-thread-id={pin.id}
      data-orphaned={pin.orphaned ? "true" : "false"}
      aria-label={pinLabel(t, pin)}
      aria-current={selected ? "true" : undefined}
      title={`${pin.thread.openedBy.name} · ${pin.thread.openedBy.org.name}`}
      onClick={() => onSelect(pin.id)}
    >
      <span className="canvas-pin-bubble">
        {pin.orphaned ? <OrphanIcon /> : null}
        <span className="canvas-pin-number">{pin.number}</span>
      </span>
      {pin.orphaned ? (
        <span className="canvas-pin-note" aria-hidden="true">
          {t("comments.orphaned")}
        </span>
      ) : null}
    </button>
  );
}

/** A shape crossed out: the pin's shape is gone. */
function OrphanIcon() {
  return (
    <svg className="canvas-pin-icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
      <rect x="2.5" y="2.5" width="11" height="11" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeDasharray="2.5 1.8" />
      <path d="M2 14 14 2" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  );
}

/** tldraw components: the toolbar with the comment tool, and the pins in front of the canvas. */
export const commentComponents: TLComponents = {
  Toolbar: CommentToolbar,
  InFrontOfTheCanvas: CommentPins,
};

/** A hint while the comment tool is on (a status line over the canvas, read by screen readers). */
export function CommentToolHint({ editor }: { editor: Editor | null }) {
  const { t } = useTranslation("canvas");
  // While the composer is open it says what is being commented: the hint steps aside.
  const active = useValue(
    "comment tool on",
    () => !!editor && editor.getCurrentToolId() === COMMENT_TOOL_ID && !commentToolOf(editor)?.draft.get(),
    [editor],
  );
  return (
    <p className={`canvas-comment-hint${active ? "" : " visually-hidden"}`} role="status">
      {active ? t("comments.toolHint") : ""}
    </p>
  );
}
