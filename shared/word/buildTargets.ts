// The last step of building an import, run on the Word worker: the built sections grouped by where
// they go (several imported sections into one target follow each other, each after its Word
// heading), checked against the schema, given clause ids, and encoded as the Yjs state of a fresh
// section document (its text and the authorship of kept suggestions). The main process then only
// merges that state into the target document, checks and writes it (electron/word/apply.ts).
import * as Y from 'yjs';
import { prosemirrorToYXmlFragment } from 'y-prosemirror';
import { UserFacingError } from '../api/dispatch.ts';
import type { Side } from '../domain/agreement.ts';
import { schema, SECTION_FRAGMENT } from '../schema/schema.ts';
import { newClauseId } from '../schema/clauseIds.ts';
import { recordSuggestionAuthors } from '../negotiation/suggestionsDoc.ts';
import type { TrackedChange } from './docxModel.ts';
import type { SectionChoice, TargetStructure } from './mapping.ts';
import type { PMJSON } from './toProsemirror.ts';

export interface BuiltSection {
  choice: SectionChoice;
  doc: PMJSON;
  /** Word changes kept as suggestions, by suggestion id. */
  suggestions: [string, TrackedChange][];
}

export interface BuiltTarget {
  /** The target section's id, or `new:<index>` for a section to be added. */
  key: string;
  existingId: string | null;
  choice: SectionChoice;
  /** Yjs state of a fresh section document holding the content. */
  update: Uint8Array;
  clauses: number;
}

export function buildTargets(sections: readonly BuiltSection[], structure: TargetStructure, side: Side): BuiltTarget[] {
  const grouped = new Map<string, { existingId: string | null; choice: SectionChoice; content: PMJSON[]; suggestions: [string, TrackedChange][] }>();
  const groups = new Set(structure.themeGroups.map((g) => g.id));
  for (const s of sections) {
    const { choice } = s;
    if (choice.targetSectionId !== null && !structure.sections.some((t) => t.id === choice.targetSectionId)) {
      throw new UserFacingError(`Afsnittet, som «${choice.title}» skulle udfylde, findes ikke (længere) i aftalen.`);
    }
    if (choice.themeGroupId !== null && !groups.has(choice.themeGroupId)) {
      throw new UserFacingError(`Temagruppen, som «${choice.title}» skulle høre til, findes ikke (længere) i aftalen.`);
    }
    const key = choice.targetSectionId ?? `new:${choice.index}`;
    const content = (s.doc.content ?? []).filter((n) => !(n.type === 'paragraph' && !n.content));
    const existing = grouped.get(key);
    if (!existing) grouped.set(key, { existingId: choice.targetSectionId, choice, content, suggestions: [...s.suggestions] });
    else {
      existing.content.push({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: choice.title }] }, ...content);
      existing.suggestions.push(...s.suggestions);
    }
  }
  return [...grouped].map(([key, t]) => {
    const node = toNode(t.content, t.choice.title);
    let clauses = 0;
    node.forEach((n) => {
      if (n.type.name === 'clause') clauses++;
    });
    const doc = new Y.Doc();
    prosemirrorToYXmlFragment(node, doc.getXmlFragment(SECTION_FRAGMENT));
    for (const [id, change] of t.suggestions) {
      const at = change.date && !Number.isNaN(Date.parse(change.date)) ? new Date(change.date) : new Date();
      recordSuggestionAuthors(doc, [id], { name: change.author.slice(0, 200) || 'Ukendt', organisation: 'Word', side }, at);
    }
    const update = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    return { key, existingId: t.existingId, choice: t.choice, update, clauses };
  });
}

/** The schema's node for the content, clause ids given; a Danish error if it does not fit. */
function toNode(content: PMJSON[], title: string) {
  const withIds = (n: PMJSON): PMJSON => (n.type === 'clause' ? { ...n, attrs: { id: newClauseId() } } : n);
  try {
    const node = schema.nodeFromJSON({ type: 'doc', content: content.length > 0 ? content.map(withIds) : [{ type: 'paragraph' }] });
    node.check();
    return node;
  } catch (error) {
    throw new UserFacingError(`Afsnittet «${title}» kunne ikke omsættes til Enigheds format (${(error as Error).message}).`);
  }
}
