// The printable model: what an exported document (Word, PDF) of an agreement contains, in reading
// order and numbered as the app numbers it. Plain data, built by buildPrintModel (build.ts) and read
// by every exporter, so no exporter reads a Y.Doc, a position or a clause number itself.
import type { Part } from '../domain/agreement.ts';
import type { ClauseStatus, NegotiationSide, Position } from '../negotiation/position.ts';
import type { CommentThread } from '../negotiation/comments.ts';
import type { SuggestionAuthorship } from '../negotiation/suggestionsDoc.ts';
import type { RequirementCoverage } from '../requirements/coverage.ts';

/** A pending suggestion (tracked change) on a run of text, with who made it when known. */
export interface PrintSuggestion {
  kind: 'insertion' | 'deletion';
  id: string;
  author: SuggestionAuthorship | null;
}

export type PrintInline =
  | {
      kind: 'text';
      text: string;
      strong: boolean;
      em: boolean;
      /** The link's target, when the run is a link. */
      href: string | null;
      suggestion: PrintSuggestion | null;
      /** Comment threads whose quoted text starts at this run / ends with it (see PrintClause.threads). */
      threadStarts?: string[];
      threadEnds?: string[];
    }
  | { kind: 'break' };

export interface PrintTableCell {
  header: boolean;
  colspan: number;
  rowspan: number;
  blocks: PrintBlock[];
}

export interface PrintSubgoalField {
  /** The schema's field name (subgoal_title, …). */
  field: string;
  /** Danish label ("Indikator"). */
  label: string;
  content: PrintInline[];
}

export type PrintBlock =
  | { kind: 'heading'; level: number; content: PrintInline[] }
  | { kind: 'paragraph'; content: PrintInline[] }
  | { kind: 'list'; ordered: boolean; start: number; items: PrintBlock[][] }
  | { kind: 'table'; rows: PrintTableCell[][]; columns: number }
  | { kind: 'subgoal'; fields: PrintSubgoalField[] }
  | PrintClause;

export interface PrintClause {
  kind: 'clause';
  /** The clause's stable id (null for a clause the editor has not given one yet). */
  id: string | null;
  /** "3.2", as the editor shows it. */
  number: string;
  /** Unique across the agreement: "Politisk del 3.2" (clauseReference). */
  reference: string;
  status: ClauseStatus;
  /** Danish status label ("Uenighed"). */
  statusLabel: string;
  /** Sides whose agreement is on an older wording. */
  staleSides: NegotiationSide[];
  /** Each side's current position that counts in the app (shared/identity/counted.ts). */
  positions: Partial<Record<NegotiationSide, Position>>;
  /** Comment threads anchored in this clause: shared ones, then (when asked for) the exporting
   *  side's internal ones (`visibility`). */
  threads: CommentThread[];
  /** Ids of the threads whose quote was found in the clause's text: their runs carry threadStarts
   *  and threadEnds. The others are about the clause as a whole. */
  anchoredThreadIds: string[];
  /** Whether the clause holds pending suggestions. */
  suggested: boolean;
  blocks: PrintBlock[];
}

export interface PrintSection {
  id: string;
  /** The section's number in its part ("3"); clause numbers start with it. */
  number: number;
  title: string;
  part: Part;
  themeGroupId: string | null;
  /** The requirements of the executive order the secretariat linked to the section. */
  requirementIds: string[];
  blocks: PrintBlock[];
  /** Set when the section's document breaks the document rules and could not be printed (Danish). */
  damaged: string | null;
}

/** A run of consecutive sections of one theme group (null: sections outside any group). */
export interface PrintGroup {
  themeGroupId: string | null;
  name: string | null;
  sections: PrintSection[];
}

export interface PrintPart {
  part: Part;
  /** "Politisk/administrativ del". */
  label: string;
  groups: PrintGroup[];
}

/** What to print: the whole agreement, one part, one theme group or one section. */
export type PrintScope =
  | { kind: 'agreement' }
  | { kind: 'part'; part: Part }
  | { kind: 'themeGroup'; themeGroupId: string }
  | { kind: 'section'; sectionId: string };

/** The reading guide (læsevejledning): each requirement of the executive order with the printed
 *  sections that meet it (none: not covered), grouped as the order's file groups them. */
export interface PrintGuide {
  /** The order's title ("Bekendtgørelse om sundhedskoordinationsudvalg og sundhedsaftaler"). */
  title: string;
  issued: string;
  source: string;
  /** The texts are summaries, not the order's wording; `note` says so in Danish. */
  summarised: boolean;
  note: string;
  groups: { id: string; title: string; rows: RequirementCoverage[] }[];
}

export interface PrintModel {
  agreementId: string;
  title: string;
  period: { from: number; to: number };
  /** The region's name (the agreement's organisation). */
  organisation: string;
  scope: PrintScope;
  parts: PrintPart[];
  /** Present when the model was built with the order's requirements (the reading guide). */
  guide: PrintGuide | null;
}
