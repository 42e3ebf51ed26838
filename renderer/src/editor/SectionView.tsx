// A section: its heading, who last edited it, the toolbar and the ProseMirror editor bound to the
// section's Y.Doc. The Y.Doc is the source of truth; the editor only renders and edits it.
import { useEffect, useRef, useState } from 'react';
import { EditorState, type Command } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import type { Agreement, Section } from '../../../shared/domain/agreement.ts';
import { formatDanishDateTime, levelLabel, partLabel, sideLabel } from '../../../shared/domain/labels.ts';
import { schema, SECTION_FRAGMENT } from '../../../shared/schema/schema.ts';
import { SECTION_META, sectionDocId } from '../../../shared/structure/docIds.ts';
import { sectionEditorPlugins } from '../../../shared/editor/plugins.ts';
import { setSectionNumber } from '../../../shared/editor/clauseNumbers.ts';
import { linkHrefAt, removeLink, setLink } from '../../../shared/editor/commands.ts';
import { useConnectionState, useDocConnection } from '../hooks.ts';
import { useServices } from '../services.ts';
import { readLastEdit, trackAttribution, type LastEdit } from '../sync/attribution.ts';
import type { DocConnection } from '../sync/DocConnection.ts';
import { Toolbar } from './Toolbar.tsx';
import { LinkDialog } from './LinkDialog.tsx';

export interface SectionViewProps {
  agreement: Agreement;
  section: Section;
  sectionNumber: number | null;
}

export function SectionView({ agreement, section, sectionNumber }: SectionViewProps) {
  const connection = useDocConnection(sectionDocId(agreement.id, section.id));
  const { synced, error } = useConnectionState(connection);
  const group = section.themeGroupId ? agreement.themeGroups.find((g) => g.id === section.themeGroupId) : undefined;
  const area = group ? agreement.areas.find((a) => a.id === group.areaId) : undefined;
  const chairs = group
    ? (['region', 'kommune'] as const)
        .map((side) => group.members.find((m) => m.id === group.coChairs[side]))
        .filter((m) => m !== undefined)
    : [];

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
      </header>
      {connection && synced ? (
        <SectionEditor connection={connection} sectionNumber={sectionNumber} title={section.title} />
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
  sectionNumber: number | null;
  title: string;
}

function SectionEditor({ connection, sectionNumber, title }: SectionEditorProps) {
  const services = useServices();
  const mountRef = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<EditorView | null>(null);
  const [version, setVersion] = useState(0);
  const [linkDialog, setLinkDialog] = useState<{ href: string | null } | null>(null);
  const numberRef = useRef(sectionNumber);
  numberRef.current = sectionNumber;
  const openLinkRef = useRef<() => void>(() => {});

  openLinkRef.current = () => {
    if (view) setLinkDialog({ href: linkHrefAt(view.state) });
  };

  useEffect(() => {
    const mount = mountRef.current!;
    const openLink: Command = (state) => {
      if (!setLink('https://enighed.invalid/')(state) && !removeLink(state)) return false;
      openLinkRef.current();
      return true;
    };
    const fragment = connection.doc.getXmlFragment(SECTION_FRAGMENT);
    const editor = new EditorView(mount, {
      state: EditorState.create({
        schema,
        plugins: sectionEditorPlugins({ fragment, sectionNumber: numberRef.current, extraKeys: { 'Mod-k': openLink } }),
      }),
      dispatchTransaction(this: EditorView, tr) {
        this.updateState(this.state.apply(tr));
        setVersion((v) => v + 1);
      },
      attributes: { 'aria-label': `Teksten i ${title}`, 'aria-multiline': 'true', role: 'textbox', lang: 'da', spellcheck: 'true' },
      handleDOMEvents: {
        // Links are for reading elsewhere; clicking one in the editor must not leave the app.
        click: (_view, event) => {
          if ((event.target as HTMLElement).closest('a')) event.preventDefault();
          return false;
        },
      },
    });
    setView(editor);
    const stopAttribution = trackAttribution(connection.doc, services.profile);
    return () => {
      stopAttribution();
      setView(null);
      editor.destroy();
    };
    // The editor lives as long as its connection; title and number changes are applied below.
  }, [connection, services]);

  useEffect(() => {
    if (view) view.dispatch(setSectionNumber(view.state, sectionNumber));
  }, [view, sectionNumber]);

  useEffect(() => {
    view?.dom.setAttribute('aria-label', `Teksten i ${title}`);
  }, [view, title]);

  const closeLinkDialog = () => {
    setLinkDialog(null);
    view?.focus();
  };

  return (
    <>
      <div className="toolbar-wrap">
        <Toolbar view={view} version={version} onLink={() => openLinkRef.current()} />
      </div>
      <div className="page">
        <div className="section-editor" data-testid="section-editor" ref={mountRef} />
      </div>
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
    </>
  );
}
