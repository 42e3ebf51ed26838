// The decorations that show others' cursors and selections, drawn person by person. y-prosemirror's
// cursor plugin builds them all again, and a new DecorationSet for the whole document, whenever
// anyone's awareness changes: every cursor's relative positions resolved (each a walk through the
// top-level blocks) and every block's decorations compared anew by the view. Here a change redraws
// only the people whose awareness state changed (Awareness replaces a person's state object when it
// changes, so identity tells); the others' decorations stay as they are, and so do the parts of the
// set that hold them. The decorations are the ones y-prosemirror makes (a keyed widget at the head,
// an inline selection from anchor to head), so its props and view work on them unchanged.
import type { EditorState, Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet, type DecorationAttrs } from 'prosemirror-view';
import { relativePositionToAbsolutePosition, ySyncPluginKey } from 'y-prosemirror';
import * as Y from 'yjs';

export interface CursorDrawing {
  /** The states of everyone in the section (the local one among them). */
  states: () => ReadonlyMap<number, unknown>;
  /** Whether the state of `clientID` is drawn (not the own, and readable). */
  shows: (docClientID: number, clientID: number, state: unknown) => boolean;
  cursor: (user: unknown, clientID: number) => HTMLElement;
  selection: (user: unknown, clientID: number) => DecorationAttrs;
}

interface SyncState {
  doc: Y.Doc;
  type: Y.XmlFragment;
  binding: { mapping: Map<Y.AbstractType<unknown>, unknown> } | null;
  snapshot?: unknown;
  prevSnapshot?: unknown;
}

interface CursorState {
  user?: unknown;
  cursor?: { anchor: unknown; head: unknown } | null;
}

/** For each set drawn here: the awareness state every shown person's decorations were drawn from.
 *  The empty set is one object for every editor, so it records nothing: the next change draws all. */
const drawnFrom = new WeakMap<DecorationSet, ReadonlyMap<number, unknown>>();

function record(set: DecorationSet, drawn: ReadonlyMap<number, unknown>): DecorationSet {
  if (set !== DecorationSet.empty) drawnFrom.set(set, drawn);
  return set;
}

/** The sync state when cursors can be drawn (bound, with nodes, no snapshot shown), else null. */
function drawable(state: EditorState): SyncState | null {
  const ystate = ySyncPluginKey.getState(state) as SyncState | undefined;
  if (!ystate?.binding || ystate.snapshot != null || ystate.prevSnapshot != null || ystate.binding.mapping.size === 0) return null;
  return ystate;
}

/** One person's decorations, as y-prosemirror's createDecorations makes them (with `client` in the
 *  spec, to find them again). */
function personDecorations(state: EditorState, ystate: SyncState, clientID: number, aw: CursorState, drawing: CursorDrawing): Decoration[] {
  if (aw.cursor == null) return [];
  const mapping = ystate.binding!.mapping as never;
  const resolve = (rel: unknown) => relativePositionToAbsolutePosition(ystate.doc, ystate.type, Y.createRelativePositionFromJSON(rel), mapping);
  let anchor = resolve(aw.cursor.anchor);
  let head = resolve(aw.cursor.head);
  if (anchor === null || head === null) return [];
  const max = Math.max(state.doc.content.size - 1, 0);
  anchor = Math.min(anchor, max);
  head = Math.min(head, max);
  const user = aw.user ?? {};
  return [
    Decoration.widget(head, () => drawing.cursor(user, clientID), { key: String(clientID), side: 10, client: clientID }),
    Decoration.inline(Math.min(anchor, head), Math.max(anchor, head), drawing.selection(user, clientID), {
      inclusiveEnd: true,
      inclusiveStart: false,
      client: clientID,
    }),
  ];
}

/** Everyone's cursors, drawn afresh. */
export function drawAllCursors(state: EditorState, drawing: CursorDrawing): DecorationSet {
  const ystate = drawable(state);
  if (!ystate) return DecorationSet.empty;
  const decorations: Decoration[] = [];
  const drawn = new Map<number, unknown>();
  for (const [clientID, aw] of drawing.states()) {
    if (!drawing.shows(ystate.doc.clientID, clientID, aw)) continue;
    drawn.set(clientID, aw);
    decorations.push(...personDecorations(state, ystate, clientID, aw as CursorState, drawing));
  }
  return record(DecorationSet.create(state.doc, decorations), drawn);
}

/** After an awareness change: the people whose state changed drawn again, the rest kept. */
export function redrawChangedCursors(state: EditorState, set: DecorationSet, drawing: CursorDrawing): DecorationSet {
  const drawn = drawnFrom.get(set);
  const ystate = drawable(state);
  if (!drawn || !ystate) return drawAllCursors(state, drawing);
  const states = drawing.states();
  const changed = new Set<number>();
  for (const clientID of drawn.keys()) if (!states.has(clientID)) changed.add(clientID);
  for (const [clientID, aw] of states) if (drawn.get(clientID) !== aw) changed.add(clientID);
  if (changed.size === 0) return set;
  const next = new Map(drawn);
  const added: Decoration[] = [];
  for (const clientID of changed) {
    const aw = states.get(clientID);
    next.delete(clientID);
    if (aw === undefined || !drawing.shows(ystate.doc.clientID, clientID, aw)) continue;
    next.set(clientID, aw);
    added.push(...personDecorations(state, ystate, clientID, aw as CursorState, drawing));
  }
  const old = set.find(undefined, undefined, (spec: { client?: number }) => spec.client !== undefined && changed.has(spec.client));
  return record(set.remove(old).add(state.doc, added), next);
}

/** The cursors moved with a change of the document (they still show the same states). */
export function mapCursors(set: DecorationSet, tr: Transaction): DecorationSet {
  const mapped = set.map(tr.mapping, tr.doc);
  const drawn = drawnFrom.get(set);
  return drawn ? record(mapped, drawn) : mapped;
}
