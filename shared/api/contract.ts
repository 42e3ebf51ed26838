// The API between the renderer and the Node side, declared once. The Electron preload bridge, the
// main process' IPC handlers, the browser test host and the renderer's clients are all derived from
// this object: add a method here and every side gets it, typed and validated.
import { z } from 'zod';
import { AgreementMeta, Profile, Role, Side } from '../domain/agreement.ts';
import { isWellFormedCode } from '../domain/meetingCode.ts';
import { parseDocId } from '../structure/docIds.ts';
import { participantEvents, participantMethods } from './participantsContract.ts';
import { exportEvents, exportMethods } from './exportContract.ts';
import { presenceEvents, presenceMethods } from './presenceContract.ts';
import { awayEvents, awayMethods } from './awayContract.ts';
import { wordMethods } from './wordContract.ts';
import { DeviceCert, Digest, PublicKey } from '../identity/shapes.ts';
import { Position } from '../negotiation/position.ts';

/** Binary payloads (Yjs updates and state vectors). Electron's IPC carries them as is; the WebSocket
 *  transport encodes them (see wire.ts). */
export const Bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'forventede binære data');

/** An actor of the rules (shared/access/rules.ts, Actor) as it crosses to the renderer. */
export const ActorShape = z.object({
  side: Side,
  role: Role,
  themeGroupIds: z.array(z.string().max(120)).max(200),
  agreementIds: z.array(z.string().max(120)).max(1000).nullable(),
  removed: z.boolean(),
  mayWriteStructure: z.boolean(),
  participantId: z.string().max(120).nullable(),
  everySection: z.boolean().optional(),
});

/** Id of a collaborative document (see shared/structure/docIds.ts). */
export const DocId = z.string().max(300).refine((id) => parseDocId(id) !== null, 'ugyldigt dokument-id');

export const WorkspaceStatus = z.discriminatedUnion('state', [
  z.object({ state: z.literal('ready'), path: z.string() }),
  /** The workspace file could not be opened; `message` is Danish and shown as is. The file is untouched. */
  z.object({ state: z.literal('error'), path: z.string(), message: z.string() }),
]);
export type WorkspaceStatus = z.infer<typeof WorkspaceStatus>;

export const TemplateInfo = z.object({
  id: z.string(),
  /** The template's name, e.g. "2. generation 2011–2014, Region Midtjylland". */
  title: z.string(),
  description: z.string(),
  /** The title an agreement made from it gets unless the user writes another. */
  agreementTitle: z.string(),
});
export type TemplateInfo = z.infer<typeof TemplateInfo>;

/** Connection to a sync server: the secretariat's, or a meeting host's. */
export const SyncSettings = z.object({
  url: z.string().regex(/^wss?:\/\/[^\s]+$/, 'adressen skal begynde med ws:// eller wss://'),
  token: z.string().min(8, 'adgangskoden er for kort').max(200),
});
export type SyncSettings = z.infer<typeof SyncSettings>;

export const SyncStatus = z.object({
  /** off: no server configured; offline: configured, not connected; syncing; synced. */
  state: z.enum(['off', 'offline', 'syncing', 'synced']),
  url: z.string().nullable(),
  lastSyncedAt: z.string().nullable(),
  /** Local changes the server has not confirmed yet (they are safe on this machine). */
  unsyncedChanges: z.number().int().nonnegative(),
  /** Danish. */
  error: z.string().nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

// --- Meeting mode (issue 10, point 6) ------------------------------------------------------------

/** Someone who joined the meeting, as their own profile names them. */
export const Participant = z.object({ name: z.string(), side: Side.nullable(), joinedAt: z.string() });
export type Participant = z.infer<typeof Participant>;

/**
 * A meeting without internet: the host's wss:// address, the code that admits the guest, and the
 * short fingerprint of the host's certificate that the guest's app pins. The host also sees who
 * joined.
 */
export const MeetingInfo = z.object({
  url: z.string(),
  code: z.string(),
  fingerprint: z.string(),
  role: z.enum(['host', 'guest']),
  participants: z.array(Participant),
});
export type MeetingInfo = z.infer<typeof MeetingInfo>;

/** The meeting this computer is in, and what the user must be told (Danish; e.g. the host ended it). */
export const MeetingState = z.object({ meeting: MeetingInfo.nullable(), notice: z.string().nullable() });
export type MeetingState = z.infer<typeof MeetingState>;

const MeetingCode = (what: string) =>
  z.string().trim().max(40).refine(isWellFormedCode, `${what} skal være 15 tegn (tal og store bogstaver, fx K7PQ3-QMXH4-TW9ZR)`);

/** The largest change bundle accepted anywhere (electron/sync/bundle/limits.ts bounds the rest). */
export const MAX_BUNDLE_BYTES = 256 * 1024 * 1024;
const BundleBytes = Bytes.refine((b) => b.byteLength <= MAX_BUNDLE_BYTES, 'ændringspakken er for stor (over 256 MB)');

const method = <P extends z.ZodType, R extends z.ZodType>(params: P, result: R) => ({ params, result });
const empty = z.object({}).strict();

// --- change bundle import: off the main event loop with progress, and *Fortryd import* ---------

/** How far an import (or its undo) has come: the worker reads and checks, then the main process writes. */
export const BundleImportProgress = z.object({
  phase: z.enum(['reading', 'checking', 'writing', 'done']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type BundleImportProgress = z.infer<typeof BundleImportProgress>;

const bundleImportMethods = {
  /**
   * Merges a change bundle, all or nothing; importing the same one twice changes nothing. The
   * calling client gets bundleImportProgress events meanwhile. `importId` names the undo point
   * (*Fortryd import*), null when nothing changed.
   */
  importBundle: method(
    z.object({ bytes: BundleBytes, expectedAgreementId: z.string().min(1).max(64).optional() }).strict(),
    z.object({
      agreementId: z.string(),
      title: z.string().nullable(),
      createdBy: z.string(),
      createdAt: z.string(),
      docs: z.number(),
      changed: z.number(),
      newAgreement: z.boolean(),
      importId: z.number().int().positive().nullable(),
    }),
  ),
  /** *Fortryd import*: every document the import changed gets its content from before it back, as a
   *  new change that syncs onward; later edits stay. */
  undoBundleImport: method(
    z.object({ importId: z.number().int().positive() }).strict(),
    z.object({ agreementId: z.string(), restored: z.number().int().nonnegative() }),
  ),
} as const;

const bundleImportEvents = {
  /** Progress of the import or undo this client started. */
  bundleImportProgress: BundleImportProgress,
} as const;

// --- Store errors that no call is waiting for (electron/workspace/service.ts, persistIncoming) ----
const storeEvents = {
  /**
   * A change from elsewhere (the sync server, a meeting) could not be saved in the workspace file,
   * e.g. because the disk is full. Danish; shown to the user. The change stays in memory and the
   * server sends it again once it can be saved (at the latest after a restart).
   */
  storeError: z.object({ message: z.string() }),
} as const;

// --- Identity: who this workspace is in an agreement, and signing positions (electron/workspace/identity.ts)

/** The workspace's identity in one agreement, and this device's public key. */
export const AgreementIdentityView = z.object({
  /** The participant this workspace is in the agreement; null before it joined. */
  participantId: z.string().min(1).max(120).nullable(),
  deviceCert: DeviceCert.nullable(),
  /** The agreement's root key as first seen by this workspace (shared/identity/ARCHITECTURE.md). */
  pinnedRootKey: PublicKey.nullable(),
  deviceKey: PublicKey,
});
export type AgreementIdentityView = z.infer<typeof AgreementIdentityView>;

/** How many remembered verdicts the window loads at most (about 9 MB on the wire). */
export const MAX_VERIFIED_DIGESTS = 200_000;

/** A position as the window hands it over to be signed (or as a candidate), its size bounded. */
const SignablePosition = Position.refine((p) => p.text.length <= 100_000 && p.textHash.length <= 200, 'standpunktet er for stort');

const identityMethods = {
  agreementIdentity: method(z.object({ agreementId: z.string().min(1).max(120) }).strict(), AgreementIdentityView),
  /**
   * The position signed with this device's key, for the section document `docId`, when the workspace
   * has an identity in that agreement; else (an agreement it never joined) the position unsigned.
   * `prev`: the hash of the clause's latest decision-log entry the caller holds. `ownCandidates`: each
   * device's latest entry in the section (latestEntryPerDevice); the signature names this device's
   * as `prevOwn` once its own signature is checked (shared/identity/endorsement.ts). Any `sig` given
   * is ignored. The caller records the result (recordPosition).
   */
  signPosition: method(
    z
      .object({
        docId: DocId,
        position: SignablePosition,
        prev: Digest.nullable(),
        ownCandidates: z.array(SignablePosition).max(200).optional(),
      })
      .strict(),
    Position,
  ),
  /**
   * Digests of the signatures this workspace verified before (electron/store/verifiedSignatures.ts),
   * for the window's verdict cache: positions verified once are not verified again at every start.
   */
  verifiedSignatures: method(empty, z.object({ digests: z.array(Digest).max(MAX_VERIFIED_DIGESTS) })),
  /** Keeps the digests of signatures the window has just verified. */
  rememberVerifiedSignatures: method(z.object({ digests: z.array(Digest).max(20_000) }).strict(), empty),
} as const;

export const methods = {
  /** Whether the workspace file is open, or why it is not. */
  workspaceStatus: method(empty, WorkspaceStatus),
  listTemplates: method(empty, z.array(TemplateInfo)),
  listAgreements: method(empty, z.array(AgreementMeta)),
  /** Creates an agreement from a template; `demo` also fills sections with the demo text. */
  createAgreement: method(
    z.object({ templateId: z.string().min(1), title: z.string().trim().min(1).max(300).optional(), demo: z.boolean() }).strict(),
    z.object({ agreementId: z.string() }),
  ),
  getProfile: method(empty, Profile.nullable()),
  /**
   * Who the local person is in one agreement, for the one rule (shared/access/rules.ts, rightsOn):
   * the directory participant the stored agreement identity names, else the profile (unproven);
   * null without either. The renderer asks again when the profile or the structure changes.
   */
  myActor: method(z.object({ agreementId: z.string().max(120) }), ActorShape.nullable()),
  setProfile: method(Profile, Profile),
  /**
   * Step 1 of the Yjs sync protocol: the caller sends its state vector and receives what it lacks
   * plus the Node side's state vector, so it can answer with what the Node side lacks (pushUpdate).
   * The caller is subscribed to the document's updates until closeDoc.
   */
  openDoc: method(
    z.object({ docId: DocId, stateVector: Bytes }).strict(),
    z.object({ update: Bytes, stateVector: Bytes }),
  ),
  /** Applies an update. Resolves only once the update is durable in the workspace file. */
  pushUpdate: method(
    z.object({ docId: DocId, update: Bytes.refine((u) => u.byteLength <= 16 * 1024 * 1024, 'opdateringen er for stor') }).strict(),
    z.object({ savedAt: z.string() }),
  ),
  closeDoc: method(z.object({ docId: DocId }).strict(), z.object({})),
  /** The configured sync server, without the token. */
  getSyncSettings: method(empty, z.object({ url: z.string() }).nullable()),
  /** Connects to a sync server (null disconnects); kept across restarts. */
  setSyncSettings: method(z.object({ settings: SyncSettings.nullable() }).strict(), SyncStatus),
  syncStatus: method(empty, SyncStatus),
  /** The network addresses this computer can host a meeting on. */
  meetingInterfaces: method(empty, z.array(z.object({ name: z.string(), address: z.string() }))),
  /** Hosts a meeting on one of those addresses; this computer syncs with it at once. */
  hostMeeting: method(z.object({ address: z.string().min(1).max(100) }).strict(), MeetingInfo),
  /**
   * Joins a meeting hosted on another computer. Resolves once the host has admitted this computer;
   * a wrong code, a host that cannot be reached or whose certificate does not match the fingerprint
   * is an error (Danish), and nothing is left running.
   */
  joinMeeting: method(
    z.object({ url: z.string().regex(/^wss:\/\/[^\s]+$/, 'mødeadressen skal begynde med wss://'), code: MeetingCode('Koden'), fingerprint: MeetingCode('Fingeraftrykket') }).strict(),
    MeetingInfo,
  ),
  getMeeting: method(empty, MeetingState),
  /** Ends (host) or leaves (guest) the meeting once everything is exchanged; the usual sync resumes. */
  endMeeting: method(empty, SyncStatus),
  /**
   * A change bundle (ændringspakke) for email or USB: everything, or — given the last bundle
   * received from the recipient — only what they lack.
   */
  exportBundle: method(
    z.object({ agreementId: z.string().min(1).max(64), lastFromRecipient: BundleBytes.optional() }).strict(),
    z.object({ bytes: Bytes, fileName: z.string() }),
  ),
  ...bundleImportMethods,
  ...identityMethods,

  // --- Sikkerhedskopi (backup of the workspace file; electron/workspace/backup.ts) ---------------
  /**
   * A consistent copy of the whole workspace file, taken with SQLite's backup API while the app
   * keeps working: it holds every change saved before it was returned. The UI saves it as a file.
   */
  backupWorkspace: method(empty, z.object({ bytes: Bytes, fileName: z.string() })),

  // --- Participants and invitations (participantsContract.ts) -----------------------------------
  ...participantMethods,

  // --- Word and PDF export (exportContract.ts; electron/export) ---------------------------------
  ...exportMethods,
  // --- Presence (presenceContract.ts) ------------------------------------------------------------
  ...presenceMethods,
  // --- Nyt siden sidst and Samtidige ændringer (awayContract.ts) ---------------------------------
  ...awayMethods,
  // --- Word import (wordContract.ts) ------------------------------------------------------------
  ...wordMethods,
} as const;

/** Pushed from the Node side to subscribed clients. */
export const events = {
  /** Another client changed a document this client has open. */
  docUpdate: z.object({ docId: DocId, update: Bytes }),
  /** The sync status changed. */
  syncStatus: SyncStatus,
  /** Meeting mode: someone joined or left, the meeting started or ended (e.g. the host ended it). */
  meeting: MeetingState,
  ...bundleImportEvents,
  ...storeEvents,
  ...participantEvents,
  ...exportEvents,
  ...presenceEvents,
  ...awayEvents,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type Params<M extends MethodName> = z.input<Methods[M]['params']>;
export type Result<M extends MethodName> = z.output<Methods[M]['result']>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const methodNames = Object.keys(methods) as MethodName[];

/** Errors cross process boundaries as data, never as thrown exceptions. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ApiError };
export interface ApiError {
  /** `invalid` for bad input, `failed` for a refused or failed operation. */
  code: 'invalid' | 'failed' | 'unknown-method';
  /** Danish, shown to the user as is. */
  message: string;
}

/** What the preload bridge exposes (window.enighed) and the WebSocket client provides. */
export type Bridge = {
  [M in MethodName]: (params: Params<M>) => Promise<Outcome<Result<M>>>;
} & {
  onEvent<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** What the renderer programs against: the bridge with errors thrown as ApiCallError. */
export type Api = {
  [M in MethodName]: (params: Params<M>) => Promise<Result<M>>;
} & Pick<Bridge, 'onEvent'>;

export class ApiCallError extends Error {
  constructor(
    readonly method: string,
    readonly error: ApiError,
  ) {
    super(error.message);
    this.name = 'ApiCallError';
  }
}

/** Turns a bridge into the throwing API the UI uses. */
export function apiFromBridge(bridge: Bridge): Api {
  const api: Record<string, unknown> = { onEvent: bridge.onEvent.bind(bridge) };
  for (const name of methodNames) {
    api[name] = async (params: unknown) => {
      const outcome = await (bridge[name] as (p: unknown) => Promise<Outcome<unknown>>)(params);
      if (!outcome.ok) throw new ApiCallError(name, outcome.error);
      return outcome.value;
    };
  }
  return api as Api;
}
