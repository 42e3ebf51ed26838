// A section: its heading, who last edited it, the toolbar and the ProseMirror editor bound to the
// section's Y.Doc. The Y.Doc is the source of truth; the editor only renders and edits it.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { EditorState, TextSelection, type Command } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import type { Agreement, Part, Section } from '../../../shared/domain/agreement.ts';
import { formatDanishDateTime, levelLabel, partLabel, sideLabel } from '../../../shared/domain/labels.ts';
import { schema, SECTION_FRAGMENT } from '../../../shared/schema/schema.ts';
import { clauseAround } from '../../../shared/schema/clauseIds.ts';
import { internalDocId, SECTION_META, sectionDocId } from '../../../shared/structure/docIds.ts';
import { SECTION_KEYS } from '../../../shared/documents/keys.ts';
import { sectionEditorPlugins } from '../../../shared/editor/plugins.ts';
import { isSuggesting, setSuggesting, suggestingDispatch } from '../../../shared/editor/suggestions.ts';
import { clauseNumber, clauseReference, setSectionNumber } from '../../../shared/editor/clauseNumbers.ts';
import { linkHrefAt, removeLink, setLink } from '../../../shared/editor/commands.ts';
import { clauseStatusEntries, clauseStatusEntry, refreshClauseStatus, type ChipStatus } from '../../../shared/editor/clauseStatus.ts';
import { commentPlaces, createAnchor, refreshCommentAnchors } from '../../../shared/editor/commentAnchors.ts';
import { authorOf, startThread, type CommentAnchor, type CommentThread } from '../../../shared/negotiation/comments.ts';
import { nextAttention, type ClauseStatusEntry } from '../../../shared/negotiation/clauseStatuses.ts';
import { countedPositions, judgedPositions, notCountedFlag } from '../../../shared/identity/counted.ts';
import type { Directory } from '../../../shared/identity/directory.ts';
import type { AgreementIdentityView } from '../../../shared/api/contract.ts';
import { useVerdictVersion } from '../identity/useDirectory.ts';
import { ClausePanel, negotiationKeys, takePosition } from '../negotiation/ClausePanel.tsx';
import { negotiatingSideIn } from '../../../shared/identity/negotiatingSide.ts';
import { canUseInternal, commentKey, docFor, NewThreadForm, ThreadList, useThreads, type ThreadDocs } from '../negotiation/CommentThreads.tsx';
import { shortcutLabel } from './shortcuts.ts';
import { useConnectionState, useDocConnection } from '../hooks.ts';
import { useServices } from '../services.ts';
import { useRights } from '../access.ts';
import type { Rights } from '../../../shared/access/rules.ts';
import { readLastEdit, trackAttribution, type LastEdit } from '../sync/attribution.ts';
import type { DocConnection } from '../sync/DocConnection.ts';
import { Toolbar } from './Toolbar.tsx';
import { TableMenu } from './TableMenu.tsx';
import { tableMenuKey } from '../../../shared/editor/tables.ts';
import { SuggestionList } from '../negotiation/SuggestionList.tsx';
import { logSuggestionDecisions } from '../negotiation/suggestionLog.ts';
import { proposeWording } from '../../../shared/editor/proposeWording.ts';
import { renderStatusChip } from '../negotiation/statusChip.ts';
import { installChipKeyboard } from '../negotiation/chipKeyboard.ts';
import { LinkDialog } from './LinkDialog.tsx';
import { SectionError, SectionErrorBoundary } from '../components/SectionError.tsx';
import { coChair, themeGroupMembers } from '../../../shared/structure/members.ts';
import type { ParticipantEntry } from '../../../shared/identity/shapes.ts';
import { SectionPresence, usePresentOn } from '../presence/PresenceAvatars.tsx';
import { AwayLists } from '../away/AwayLists.tsx';
import { useAwayChanges } from '../away/useAwayChanges.ts';

/** A request to select a clause and open its panel (from the overview); `nonce` makes a repeat count. */
export interface ClauseFocus {
  clauseId: string;
  nonce: number;
}

export interface SectionViewProps {
  agreement: Agreement;
  section: Section;
  sectionNumber: number | null;
  focus?: ClauseFocus | null;
  /** The participant directory, for the theme group's co-chairs. */
  participants?: readonly ParticipantEntry[];
  /** Whose positions count (shared/identity): only those count in the chips and the panel. */
  directory: Directory;
  identity: AgreementIdentityView;
}

export function SectionView({ agreement, section, sectionNumber, focus = null, participants = [], directory, identity }: SectionViewProps) {
  const services = useServices();
  const connection = useDocConnection(sectionDocId(agreement.id, section.id));
  const rights = useRights(agreement, sectionDocId(agreement.id, section.id));
  // The own side's internal threads on this section (never synced to the other side).
  const profile = services.profile();
  const internal = useDocConnection(canUseInternal(profile) ? internalDocId(agreement.id, profile.side, section.id) : null);
  const { synced, error, damaged } = useConnectionState(connection);
  usePresentOn(sectionDocId(agreement.id, section.id));
  const group = section.themeGroupId ? agreement.themeGroups.find((g) => g.id === section.themeGroupId) : undefined;
  const area = group ? agreement.areas.find((a) => a.id === group.areaId) : undefined;
  const members = group ? themeGroupMembers(group, participants) : [];
  const chairs = group ? (['region', 'kommune'] as const).flatMap((side) => coChair(group, members, side) ?? []) : [];

  return (
    <article className="section-view" aria-labelledby="section-title">
      <header className="section-header">
        <div className="section-breadcrumb">
          <span>{partLabel[section.part]}</span>
          {group && (
            <>
              <span className="breadcrumb-separator" aria-hidden="true">
                ›
              </span>
              <span>{group.name}</span>
            </>
          )}
          {area?.mandatory && <span className="area-chip area-mandatory">Obligatorisk</span>}
        </div>
        <h1 id="section-title" className="section-title">
          {sectionNumber !== null && <span className="section-number">{sectionNumber}.</span>}
          {section.title}
          <span className={`level-badge level-${section.level}`}>{levelLabel[section.level]}</span>
        </h1>
        {chairs.length > 0 && (
          <p className="section-chairs">
            Formandskab: {chairs.map((m) => `${m.name} (${m.organisation})`).join(' og ')}
          </p>
        )}
        {connection && <LastEditLine connection={connection} />}
        <SectionPresence docId={sectionDocId(agreement.id, section.id)} />
      </header>
      {connection && synced && damaged ? (
        // Checked before any editor state is built from the document: y-prosemirror would recurse
        // through all of it (a 20,000-deep nesting overflows the stack in a timer, past any boundary).
        <SectionError reason={damaged} />
      ) : connection && synced ? (
        <SectionErrorBoundary>
          <SectionEditor
            connection={connection}
            internal={internal}
            sectionNumber={sectionNumber}
            title={section.title}
            focus={focus}
            sectionId={section.id}
            part={section.part}
            directory={directory}
            identity={identity}
            rights={rights}
          />
        </SectionErrorBoundary>
      ) : (
        <div className="editor-loading" aria-busy="true">
          {error ? `Afsnittet kunne ikke åbnes: ${error} Prøver igen …` : 'Åbner afsnittet …'}
        </div>
      )}
    </article>
  );
}

function LastEditLine({ connection }: { connection: DocConnection }) {
  const [lastEdit, setLastEdit] = useState<LastEdit | null>(() => readLastEdit(connection.doc));
  useEffect(() => {
    const meta = connection.doc.getMap(SECTION_META);
    const read = () => setLastEdit(readLastEdit(connection.doc));
    read();
    meta.observe(read);
    return () => meta.unobserve(read);
  }, [connection]);
  if (!lastEdit) return <p className="last-edit muted" data-testid="last-edit">Ingen ændringer endnu.</p>;
  return (
    <p className="last-edit" data-testid="last-edit" title={lastEdit.organisation}>
      Senest redigeret af {lastEdit.name} ({sideLabel[lastEdit.side]}), {formatDanishDateTime(lastEdit.at)}
    </p>
  );
}

interface SectionEditorProps {
  connection: DocConnection;
  /** The own side's internal document for this section; null for observers and without a profile. */
  internal: DocConnection | null;
  sectionNumber: number | null;
  title: string;
  focus: ClauseFocus | null;
  sectionId: string;
  part: Part;
  directory: Directory;
  identity: AgreementIdentityView;
  /** What the person may do here (shared/access); null: not known, nothing held back. */
  rights: Rights | null;
}

/** The status of the clause holding the selection, or null. */
function clauseAtCursor(view: EditorView): ClauseStatusEntry | null {
  const at = clauseAround(view.state.selection.$from);
  return at ? clauseStatusEntry(view.state, { pos: at.pos }) : null;
}

function selectClause(view: EditorView, entry: ClauseStatusEntry): void {
  const tr = view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(entry.pos + 1)));
  view.dispatch(tr.scrollIntoView());
  view.focus();
}

/** Suggestion mode stays on from section to section, as track changes does for a whole document. */
let suggestingChosen = false;

function SectionEditor({ connection, internal, sectionNumber, title, focus, sectionId, part, directory, identity, rights }: SectionEditorProps) {
  const services = useServices();
  // The chips count only positions that count under the directory as it is now.
  const directoryRef = useRef(directory);
  directoryRef.current = directory;
  const identityRef = useRef(identity);
  identityRef.current = identity;
  const verdicts = useVerdictVersion();
  const mountRef = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<EditorView | null>(null);
  const [version, setVersion] = useState(0);
  const [linkDialog, setLinkDialog] = useState<{ href: string | null } | null>(null);
  /** The clause shown in the panel; null while the panel is closed. */
  const [panelClauseId, setPanelClauseId] = useState<string | null>(null);
  // The clause Alt+Shift+U asked to dispute, until its panel has opened the form.
  const [disputeFor, setDisputeFor] = useState<string | null>(null);
  const disputeShown = useCallback(() => setDisputeFor(null), []);
  /** The section's comment list is open (shown when no clause panel or new thread form is). */
  const [commentsOpen, setCommentsOpen] = useState(false);
  /** A thread being started on this anchor. */
  const [newThread, setNewThread] = useState<CommentAnchor | null>(null);
  const [activeThreadId, setActiveThreadId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const numberRef = useRef(sectionNumber);
  numberRef.current = sectionNumber;
  const rightsRef = useRef(rights);
  rightsRef.current = rights;
  const mayWrite = !rights || rights.writeText;
  const openLinkRef = useRef<() => void>(() => {});
  const openPanelRef = useRef<(clauseId: string) => void>(() => {});
  const startCommentRef = useRef<() => void>(() => {});
  const [tableMenuRequest, setTableMenuRequest] = useState(0);
  const selectThreadRef = useRef<(threadId: string) => void>(() => {});

  const docs: ThreadDocs = useMemo(() => ({ shared: connection.doc, internal: internal?.doc ?? null }), [connection, internal]);
  const threads = useThreads(docs);
  const awayChanges = useAwayChanges(services.api, connection.docId);
  const threadsRef = useRef<CommentThread[]>(threads);
  threadsRef.current = threads;
  const activeThreadRef = useRef(activeThreadId);
  activeThreadRef.current = activeThreadId;

  openLinkRef.current = () => {
    if (view) setLinkDialog({ href: linkHrefAt(view.state) });
  };
  openPanelRef.current = (clauseId) => setPanelClauseId(clauseId);
  startCommentRef.current = () => {
    if (!view) return;
    const { from, to } = view.state.selection;
    const anchor = from < to ? createAnchor(view.state, from, to) : null;
    if (!services.profile()) return setNotice('Opret en profil for at kommentere.');
    if (!anchor) return setNotice('Markér den tekst, kommentaren handler om, og vælg Kommentér igen.');
    setNotice(null);
    setNewThread(anchor);
  };
  selectThreadRef.current = (threadId) => {
    setActiveThreadId(threadId);
    setCommentsOpen(true);
  };

  useEffect(() => {
    const mount = mountRef.current!;
    const doc = connection.doc;
    const openLink: Command = (state) => {
      if (!setLink('https://enighed.invalid/')(state) && !removeLink(state)) return false;
      openLinkRef.current();
      return true;
    };
    // Negotiation shortcuts act on the clause holding the cursor.
    const agreeHere: Command = (_state, _dispatch, editorView) => {
      const entry = editorView && clauseAtCursor(editorView);
      const profile = services.profile();
      const who = negotiatingSideIn(profile, identityRef.current, directoryRef.current);
      if (!entry) return false;
      openPanelRef.current(entry.clauseId);
      const allowed = rightsRef.current;
      if (allowed && !allowed.takePositionsAs) return true; // the panel says why
      if ('side' in who) {
        takePosition(services.api, connection.docId, doc, entry, who.by, who.side, 'enig').catch((error: unknown) =>
          setNotice(`Standpunktet kunne ikke registreres: ${(error as Error).message}`),
        );
      }
      return true;
    };
    const disputeHere: Command = (_state, _dispatch, editorView) => {
      const entry = editorView && clauseAtCursor(editorView);
      if (!entry) return false;
      openPanelRef.current(entry.clauseId);
      setDisputeFor(entry.clauseId);
      return true;
    };
    const nextDisputed: Command = (state, _dispatch, editorView) => {
      if (!editorView) return false;
      const next = nextAttention(clauseStatusEntries(state), state.selection.$from.depth >= 1 ? state.selection.$from.before(1) : state.selection.from);
      if (!next) return true;
      selectClause(editorView, next);
      openPanelRef.current(next.clauseId);
      return true;
    };
    const startComment: Command = () => {
      startCommentRef.current();
      return true;
    };
    const openTableMenu: Command = () => {
      setTableMenuRequest((n) => n + 1);
      return true;
    };
    const negotiationKeymap: Record<string, Command> = {};
    for (const [keys, command] of [
      [negotiationKeys.agree, agreeHere],
      [negotiationKeys.dispute, disputeHere],
      [negotiationKeys.next, nextDisputed],
      [tableMenuKey, openTableMenu],
    ] as const) {
      negotiationKeymap[keys] = command;
      negotiationKeymap[keys.replace(/.$/, (c) => c.toUpperCase())] = command;
    }
    const renderChip = (status: ChipStatus, _view: EditorView, chip?: HTMLElement) =>
      renderStatusChip(status, (clauseId) => openPanelRef.current(clauseId), chip);
    const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
    let chipKeyboard: ReturnType<typeof installChipKeyboard> | null = null;
    const editor = new EditorView(mount, {
      state: EditorState.create({
        schema,
        plugins: sectionEditorPlugins({
          fragment,
          sectionNumber: numberRef.current,
          extraKeys: { 'Mod-k': openLink, [commentKey]: startComment, ...negotiationKeymap },
          clauseStatus: {
            positionsOf: (clauseId) => countedPositions(doc, sectionId, directoryRef.current, clauseId),
            flagOf: (clauseId) => notCountedFlag(judgedPositions(doc, sectionId, directoryRef.current, clauseId)),
            renderChip,
          },
          comments: { threads: () => threadsRef.current, activeThreadId: () => activeThreadRef.current },
          paste: { onNotice: (message) => setNotice(message) },
          presence: services.presence.forEditor(connection.docId),
        }),
      }),
      // In suggestion mode the person's edits become suggestions attributed to their profile.
      dispatchTransaction: suggestingDispatch(doc, services.profile, function (this: EditorView, tr) {
        this.updateState(this.state.apply(tr));
        suggestingChosen = isSuggesting(this.state);
        setVersion((v) => v + 1);
        chipKeyboard?.refreshSoon();
      }),
      editable: () => !rightsRef.current || rightsRef.current.writeText,
      attributes: { 'aria-label': `Teksten i ${title}`, 'aria-multiline': 'true', role: 'textbox', lang: 'da', spellcheck: 'true' },
      handleDOMEvents: {
        // Links are for reading elsewhere; clicking one in the editor must not leave the app.
        click: (_view, event) => {
          const target = event.target as HTMLElement;
          if (target.closest('a')) event.preventDefault();
          // Clicking commented text shows its thread.
          const anchor = target.closest<HTMLElement>('[data-thread-id]');
          if (anchor?.dataset.threadId) selectThreadRef.current(anchor.dataset.threadId);
          return false;
        },
      },
    });
    setView(editor);
    chipKeyboard = installChipKeyboard(editor.dom);
    if (suggestingChosen) editor.dispatch(setSuggesting(editor.state, true));
    // Positions live beside the text in the same Y.Doc; when they change, the chips are recomputed.
    const positions = doc.getMap(SECTION_KEYS.positions);
    const refresh = () => {
      if (!editor.isDestroyed) editor.dispatch(refreshClauseStatus(editor.state));
    };
    positions.observe(refresh);
    const stopAttribution = trackAttribution(doc, services.profile);
    return () => {
      positions.unobserve(refresh);
      chipKeyboard?.dispose();
      stopAttribution();
      setView(null);
      editor.destroy();
    };
    // The editor lives as long as its connection; title and number changes are applied below.
  }, [connection, services]);

  useEffect(() => {
    if (view) view.dispatch(setSectionNumber(view.state, sectionNumber));
  }, [view, sectionNumber]);

  // Rights change (profile, identity, a section moved to another theme group): editable follows.
  useEffect(() => {
    if (view && !view.isDestroyed) {
      view.setProps({ editable: () => mayWrite });
      setVersion((v) => v + 1);
    }
  }, [view, mayWrite]);

  // The directory changed or background verification finished: derive the statuses again.
  useEffect(() => {
    if (view && !view.isDestroyed) view.dispatch(refreshClauseStatus(view.state));
  }, [view, directory, verdicts]);

  // Threads or the highlighted one changed: anchor them again.
  useEffect(() => {
    if (view && !view.isDestroyed) view.dispatch(refreshCommentAnchors(view.state));
  }, [view, threads, activeThreadId]);

  useEffect(() => {
    view?.dom.setAttribute('aria-label', `Teksten i ${title}`);
  }, [view, title]);

  // A clause chosen in the overview: select it and open its panel.
  // The text arrives from Yjs just after the editor is made, so this waits (version) for the clause.
  const appliedFocus = useRef<number | null>(null);
  useEffect(() => {
    if (!view || !focus || appliedFocus.current === focus.nonce) return;
    const entry = clauseStatusEntry(view.state, { clauseId: focus.clauseId });
    if (!entry) return;
    appliedFocus.current = focus.nonce;
    selectClause(view, entry);
    setPanelClauseId(entry.clauseId);
  }, [view, focus, version]);

  // While the panel is open it follows the cursor from clause to clause.
  const cursorClauseId = view ? (clauseAround(view.state.selection.$from)?.id ?? null) : null;
  useEffect(() => {
    if (cursorClauseId) setPanelClauseId((open) => (open === null ? null : cursorClauseId));
  }, [cursorClauseId]);

  const closeLinkDialog = () => {
    setLinkDialog(null);
    view?.focus();
  };

  // One clause's status per render: deriving them all would cost every keystroke.
  const panelEntry = view && panelClauseId ? (clauseStatusEntry(view.state, { clauseId: panelClauseId }) ?? undefined) : undefined;
  const places = view ? commentPlaces(view.state) : new Map();
  const profile = services.profile();
  const openThreads = threads.filter((t) => t.state?.resolved !== true).length;

  const selectThread = (thread: CommentThread) => {
    setActiveThreadId(thread.id);
    const place = places.get(thread.id);
    if (!view || place?.kind !== 'text') return;
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, place.from, place.to)).scrollIntoView());
    view.focus();
  };
  const threadList = (list: CommentThread[], empty: string) => (
    <ThreadList threads={list} places={places} docs={docs} profile={profile} activeThreadId={activeThreadId} onSelect={selectThread} empty={empty} />
  );
  const hasSidePanel = newThread !== null || panelEntry !== undefined || commentsOpen;

  return (
    <div className={`editor-with-panel ${hasSidePanel ? 'has-panel' : ''}`}>
      <div className="editor-column">
        <div className="toolbar-wrap">
          <Toolbar
            view={view}
            version={version}
            onLink={() => openLinkRef.current()}
            tableMenu={<TableMenu view={view} version={version} openRequest={tableMenuRequest} />}
          />
          <div className="comment-actions" role="group" aria-label="Kommentarer">
            <button
              type="button"
              className="button button-quiet"
              data-testid="add-comment"
              title={`Kommentér den markerede tekst (${shortcutLabel(commentKey)})`}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => startCommentRef.current()}
            >
              Kommentér
            </button>
            <button
              type="button"
              className="button button-quiet"
              data-testid="toggle-comments"
              aria-pressed={commentsOpen}
              onClick={() => setCommentsOpen((open) => !open)}
            >
              Kommentarer{openThreads > 0 ? ` (${openThreads})` : ''}
            </button>
          </div>
          {notice && (
            <p className="editor-notice" role="status" data-testid="editor-notice">
              {notice}
              <button type="button" className="button button-quiet" aria-label="Luk beskeden" onClick={() => setNotice(null)}>
                ×
              </button>
            </p>
          )}
        </div>
        {!mayWrite && (
          <p className="section-readonly" role="note" data-testid="section-readonly">
            Skrivebeskyttet: {rights?.reasons.writeText}
          </p>
        )}
        <SuggestionList
          view={view}
          version={version}
          doc={connection.doc}
          blockedReason={rights && !rights.decideSuggestions ? rights.reasons.decideSuggestions : undefined}
          onDecided={(decided, accepted) => {
            if (view) logSuggestionDecisions(services.api, connection, view, decided, accepted, negotiatingSideIn(services.profile(), identity, directory), rights).catch((e: unknown) => setNotice(`Beslutningen kunne ikke logges: ${(e as Error).message}`));
          }}
        />
        <AwayLists
          api={services.api}
          docId={connection.docId}
          view={view}
          version={version}
          changes={awayChanges}
          sectionNumber={sectionNumber}
          blockedReason={mayWrite ? undefined : (rights?.reasons.writeText ?? 'Skrivebeskyttet')}
          onError={setNotice}
        />
        <div className="page">
          <div className="section-editor" data-testid="section-editor" ref={mountRef} />
        </div>
      </div>
      {newThread && profile ? (
        <aside className="clause-panel" aria-label="Ny kommentar">
          <NewThreadForm
            quote={newThread.quote}
            profile={profile}
            onCancel={() => {
              setNewThread(null);
              view?.focus();
            }}
            onSubmit={(text, visibility) => {
              const id = startThread(docFor(docs, visibility), { anchor: newThread, text, by: authorOf(profile) });
              setNewThread(null);
              setActiveThreadId(id);
              if (!panelEntry) setCommentsOpen(true);
              view?.focus();
            }}
          />
        </aside>
      ) : panelEntry ? (
        <ClausePanel
          comments={threadList(
            threads.filter((t) => t.anchor.clauseId === panelEntry.clauseId),
            'Ingen kommentarer til denne klausul. Markér tekst og vælg Kommentér.',
          )}
          doc={connection.doc}
          docId={connection.docId}
          api={services.api}
          sectionId={sectionId}
          directory={directory}
          identity={identity}
          entry={panelEntry}
          number={clauseNumber(sectionNumber, panelEntry.index)}
          reference={clauseReference(part, clauseNumber(sectionNumber, panelEntry.index))}
          profile={services.profile()}
          rights={rights}
          disputeRequested={disputeFor === panelEntry.clauseId}
          onDisputeShown={disputeShown}
          onClose={() => {
            setPanelClauseId(null);
            view?.focus();
          }}
          onDone={() => view?.focus()}
          onUseWording={(wording) => view !== null && proposeWording(view, panelEntry.clauseId, wording)}
        />
      ) : commentsOpen ? (
        <aside className="clause-panel comments-panel" data-testid="comments-panel" aria-labelledby="comments-panel-title">
          <header className="clause-panel-head">
            <h2 id="comments-panel-title">Kommentarer</h2>
            <button type="button" className="button button-quiet clause-panel-close" aria-label="Luk kommentarerne" onClick={() => setCommentsOpen(false)}>
              ×
            </button>
          </header>
          <section className="panel-block">{threadList(threads, 'Ingen kommentarer endnu. Markér tekst og vælg Kommentér.')}</section>
        </aside>
      ) : null}
      {linkDialog && view && (
        <LinkDialog
          initialHref={linkDialog.href}
          onCancel={closeLinkDialog}
          onSubmit={(href) => {
            setLink(href)(view.state, view.dispatch);
            closeLinkDialog();
          }}
          onRemove={() => {
            removeLink(view.state, view.dispatch);
            closeLinkDialog();
          }}
        />
      )}
    </div>
  );
}
