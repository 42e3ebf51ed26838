// Who may write what, who may read what, and where each kind of document may travel: the one rule
// every path applies — the sync server, the meeting host, the bundle importer, the local push and
// the UI. The table is by document kind (shared/structure/docIds.ts); `rightsOn` turns it into what
// one actor may do with one document of one agreement. Plain data in and out. The rules are written
// out in ARCHITECTURE.md beside this file.
import type { Agreement, Role, Side } from '../domain/agreement.ts';
import type { ParticipantFields } from '../identity/shapes.ts';
import { parseDocId, type DocKind } from '../structure/docIds.ts';

export type Path = 'server' | 'meeting' | 'bundle';

/** Who writes a kind: the secretariat; the section's writers (its theme group, or the secretariat
 *  for a section without one); or one side for its own documents. */
export type Writers = 'secretariat' | 'sectionWriters' | 'ownSide';
/** Who reads a kind: everyone in the agreement, or one side. */
export type Readers = 'agreement' | 'ownSide';

export interface KindRule {
  writes: Writers;
  reads: Readers;
  /** Which paths may carry the kind at all. */
  travels: Readonly<Record<Path, boolean>>;
}

/**
 * The table. A side's internal document (its own comment threads on a section) travels only to
 * the secretariat's server, which gives it to that side alone: never to a meeting (the other laptop
 * is the other side's) and never in a change bundle (a file anyone may forward).
 */
export const DOC_RULES: Readonly<Record<DocKind, KindRule>> = {
  structure: { writes: 'secretariat', reads: 'agreement', travels: { server: true, meeting: true, bundle: true } },
  section: { writes: 'sectionWriters', reads: 'agreement', travels: { server: true, meeting: true, bundle: true } },
  internal: { writes: 'ownSide', reads: 'ownSide', travels: { server: true, meeting: false, bundle: false } },
};

/** Whether `docId` may travel by `path`; false for anything that is not a document id. */
export function mayTravel(docId: string, path: Path): boolean {
  const parsed = parseDocId(docId);
  return parsed !== null && DOC_RULES[parsed.kind].travels[path];
}

/**
 * Who acts: a participant of the agreement's directory, a legacy access-file grant, or a guest who
 * claims a side (a meeting of a local agreement), all on the same fields.
 */
export interface Actor {
  side: Side;
  role: Role;
  themeGroupIds: readonly string[];
  /** The agreements the actor belongs to; null: every agreement it is asked about (a directory
   *  entry is looked up in the agreement's own structure, so it belongs to that one). */
  agreementIds: readonly string[] | null;
  /** Removed from the agreement (a directory entry with `removed`): no rights at all. */
  removed: boolean;
  /** Writes the structure only when the secretariat role is proven (a directory entry or a grant);
   *  a claimed actor (meeting guest without a directory) never does. */
  mayWriteStructure: boolean;
  /** The directory participant, when the actor is one (tells its own signed positions from the
   *  ones it passes on); null for a grant or a claimed side. */
  participantId: string | null;
  /** A claimed member of every section (an agreement without a directory: nothing says which
   *  theme groups are theirs, so their side's writing is not narrowed to any). */
  everySection?: boolean;
}

export function actorFromParticipant(p: Pick<ParticipantFields, 'id' | 'side' | 'role' | 'themeGroupIds' | 'removed'>): Actor {
  return { side: p.side, role: p.role, themeGroupIds: p.themeGroupIds, agreementIds: null, removed: p.removed !== null, mayWriteStructure: true, participantId: p.id };
}

/** A legacy grant (electron/sync/access.ts): rights secretariat/member/observer map onto roles. */
export function actorFromGrant(grant: {
  rights: 'secretariat' | 'member' | 'observer';
  side: Side;
  themeGroupIds: readonly string[];
  agreementIds: readonly string[];
}): Actor {
  const role: Role = grant.rights === 'secretariat' ? 'sekretariat' : grant.rights === 'member' ? 'medlem' : 'observatoer';
  return { side: grant.side, role, themeGroupIds: grant.themeGroupIds, agreementIds: grant.agreementIds, removed: false, mayWriteStructure: true, participantId: null };
}

/** What an actor may do with one document. */
export interface Rights {
  read: boolean;
  writeText: boolean;
  /** The side whose positions the actor takes, or null. */
  takePositionsAs: 'region' | 'kommune' | null;
  comment: boolean;
  suggest: boolean;
  decideSuggestions: boolean;
  writeStructure: boolean;
  /** The actor's directory participant id (Actor.participantId). */
  actorId: string | null;
  /** Why not, in Danish, for each right that is false (null). */
  reasons: Partial<Record<Exclude<keyof Rights, 'reasons' | 'actorId'>, string>>;
}

/** The part of an agreement the rules look at (an Agreement will do). */
export type AgreementFacts = Pick<Agreement, 'sections'>;

const NONE: Omit<Rights, 'reasons' | 'actorId'> = {
  read: false,
  writeText: false,
  takePositionsAs: null,
  comment: false,
  suggest: false,
  decideSuggestions: false,
  writeStructure: false,
};

function none(reason: string): Omit<Rights, 'actorId'> {
  return {
    ...NONE,
    reasons: { read: reason, writeText: reason, takePositionsAs: reason, comment: reason, suggest: reason, decideSuggestions: reason, writeStructure: reason },
  };
}

/**
 * What a receiver can hold a relay to (the secretariat's server, a meeting host: they pass on other
 * people's changes, so nothing they send can be attributed to one writer). Text, comments,
 * suggestions and structure pass (the sender's own rules judged them; a forged structure entry does
 * not verify anyway), but what needs no author to judge is judged: every position must carry a
 * signature of its own that counts, none may vanish, and nothing of the decision log is deleted.
 */
export const RELAY_RIGHTS: Rights = {
  read: true,
  writeText: true,
  takePositionsAs: null,
  comment: true,
  suggest: true,
  decideSuggestions: true,
  writeStructure: true,
  actorId: null,
  reasons: { takePositionsAs: 'en stillingtagen uden underskrift kan ikke videresendes; den skal være underskrevet af den, der tog den.' },
};

/** Whether an actor ever writes a section's text or takes positions (by role and side alone). */
function negotiates(actor: Actor): boolean {
  return (actor.role === 'formand' || actor.role === 'medlem') && actor.side !== 'praksis';
}

const R = {
  notInAgreement: 'Du er ikke deltager i denne aftale.',
  removed: 'Din adgang til aftalen er fjernet.',
  notADoc: 'Dokumentet findes ikke i en aftale.',
  noStructureYet: 'Aftalen findes ikke endnu; kun sekretariatet kan oprette den.',
  noSection: 'Afsnittet findes ikke i aftalens struktur.',
  otherSide: 'Interne noter deles kun inden for den part, der har skrevet dem.',
  observerInternal: 'Som observatør har du ikke adgang til partens interne noter.',
  structureIsSecretariats: 'Kun sekretariatet ændrer aftalens struktur.',
  structureNotProven: 'Aftalens struktur ændres kun af sekretariatet, når det er godkendt som deltager.',
  observer: 'Som observatør kan du følge og kommentere, men ikke skrive i teksten eller tage stilling.',
  praksis: 'Almen praksis kommenterer, men skriver ikke i teksten og tager ikke stilling: praksis kan ikke bindes ud over overenskomsten.',
  secretariatNoPositions: 'Sekretariatet tager aldrig stilling på en parts vegne; det gør partens formand og medlemmer.',
  secretariatSection: 'Afsnittet hører ikke til en temagruppe; det skrives af sekretariatet.',
  otherGroup: 'Afsnittet hører til en temagruppe, du ikke er med i; du kan læse og kommentere det.',
  notText: 'Dokumentet har ingen tekst.',
  noPositions: 'Her tages ikke stilling.',
} as const;

/**
 * What `actor` may do with `docId`. `agreement` is the agreement's structure as the one asking holds
 * it now (null while it does not exist yet: only the secretariat may create it).
 * - structure: the secretariat writes (the participants map included), everyone in the agreement reads;
 * - a section: its theme group's co-chairs and members write the text, take positions for their own
 *   side and decide suggestions; the secretariat writes every section's text (sections without a
 *   theme group are its own) but never takes positions; observers and almen praksis comment; everyone
 *   in the agreement reads and comments;
 * - a side's internal document: that side only (not its observers), and only for a section the
 *   agreement has.
 */
export function rightsOn(actor: Actor, docId: string, agreement: AgreementFacts | null): Rights {
  return { ...rightsOf(actor, docId, agreement), actorId: actor.participantId };
}

function rightsOf(actor: Actor, docId: string, agreement: AgreementFacts | null): Omit<Rights, 'actorId'> {
  const doc = parseDocId(docId);
  if (!doc) return none(R.notADoc);
  if (actor.removed) return none(R.removed);
  if (actor.agreementIds && !actor.agreementIds.includes(doc.agreementId)) return none(R.notInAgreement);
  const secretariat = actor.role === 'sekretariat';

  if (doc.kind === 'internal') {
    if (doc.side !== actor.side) return none(R.otherSide);
    if (actor.role === 'observatoer') return none(R.observerInternal);
    if (!agreement?.sections.some((s) => s.id === doc.sectionId)) return none(agreement ? R.noSection : R.noStructureYet);
    return {
      ...NONE,
      read: true,
      comment: true,
      reasons: { writeText: R.notText, suggest: R.notText, decideSuggestions: R.notText, takePositionsAs: R.noPositions, writeStructure: R.structureIsSecretariats },
    };
  }

  if (doc.kind === 'structure') {
    if (secretariat && actor.mayWriteStructure) {
      return { ...NONE, read: true, writeStructure: true, reasons: noText() };
    }
    if (!agreement) return none(R.noStructureYet);
    return { ...NONE, read: true, reasons: { ...noText(), writeStructure: secretariat ? R.structureNotProven : R.structureIsSecretariats } };
  }

  // A section. The secretariat may create sections the structure does not list yet (it writes both).
  const section = agreement?.sections.find((s) => s.id === doc.sectionId) ?? null;
  if (!section && !secretariat) return none(agreement ? R.noSection : R.noStructureYet);
  const structureReason = R.structureIsSecretariats;
  if (secretariat) {
    return {
      ...NONE,
      read: true,
      writeText: true,
      comment: true,
      suggest: true,
      decideSuggestions: true,
      reasons: { takePositionsAs: R.secretariatNoPositions, writeStructure: structureReason },
    };
  }
  const inGroup = actor.everySection === true || (section!.themeGroupId !== null && actor.themeGroupIds.includes(section!.themeGroupId));
  if (negotiates(actor) && inGroup) {
    return {
      ...NONE,
      read: true,
      writeText: true,
      takePositionsAs: actor.side as 'region' | 'kommune',
      comment: true,
      suggest: true,
      decideSuggestions: true,
      reasons: { writeStructure: structureReason },
    };
  }
  const why = actor.side === 'praksis' ? R.praksis : actor.role === 'observatoer' ? R.observer : section!.themeGroupId === null ? R.secretariatSection : R.otherGroup;
  return {
    ...NONE,
    read: true,
    comment: true,
    reasons: { writeText: why, takePositionsAs: why, suggest: why, decideSuggestions: why, writeStructure: structureReason },
  };
}

function noText(): Rights['reasons'] {
  return { writeText: R.notText, suggest: R.notText, decideSuggestions: R.notText, takePositionsAs: R.noPositions, comment: R.notText };
}

/** The connection-level access the rights add up to: write when the actor may change anything of
 *  the document (comments included), read when it may only read. */
export function accessLevel(rights: Rights): 'write' | 'read' | 'none' {
  if (!rights.read) return 'none';
  return rights.writeText || rights.comment || rights.writeStructure || rights.takePositionsAs !== null ? 'write' : 'read';
}
