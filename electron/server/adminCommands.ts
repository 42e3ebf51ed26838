// The server's administrative commands (`npm run server -- <command>`), run against its data folder
// while the server is stopped (the workspace is locked to one program at a time):
//   init-secretariat --name … --org … — a server-level secretariat account and its first invitation;
//   audit --agreement ID [--section ID] — who changed which document and when, oldest first.
// Each returns the text to print (Danish); errors are thrown with Danish messages.
import crypto from 'node:crypto';
import { encodeInvitation, type Invitation } from '../../shared/identity/invitation.ts';
import { internalDocId, sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { inviteKeyPair, newInviteSecret } from '../identity/invite.ts';
import * as Y from 'yjs';
import { MembershipTables, type BootstrapInvitationRow } from '../store/membership.ts';
import { openPostgresStore } from '../store/postgres/store.ts';
import type { MembershipStore, ServerStore } from '../store/serverStore.ts';
import { openSqliteServerStore } from '../store/sqliteServerStore.ts';
import { Store } from '../store/store.ts';
import { readDirectory } from './directory.ts';

export interface InitSecretariatOptions {
  workspacePath: string;
  name: string;
  organisation: string;
  /** ws:// or wss:// address participants reach the server at. */
  serverUrl: string;
}

export interface InitSecretariatResult {
  invitation: Invitation;
  text: string;
  /** What to print: the invitation and what to do with it. */
  message: string;
}

export function initSecretariat(options: InitSecretariatOptions): InitSecretariatResult {
  const made = newSecretariat(options);
  const store = Store.open(options.workspacePath);
  try {
    new MembershipTables(store).addBootstrapInvitation(made.row);
  } finally {
    store.close();
  }
  return made;
}

/** The same for a server on PostgreSQL (or any store): the invitation row goes to `membership`. */
export async function initSecretariatIn(membership: MembershipStore, options: Omit<InitSecretariatOptions, 'workspacePath'>): Promise<InitSecretariatResult> {
  const made = newSecretariat(options);
  await membership.addBootstrapInvitation(made.row);
  return made;
}

/** A new bootstrap invitation: the row to store and what to print. */
function newSecretariat(options: Omit<InitSecretariatOptions, 'workspacePath'>): InitSecretariatResult & { row: BootstrapInvitationRow } {
  const name = options.name.trim();
  const organisation = options.organisation.trim();
  if (!name || name.length > 300) throw new Error('Angiv sekretariatets navn med --name "…" (højst 300 tegn).');
  if (!organisation || organisation.length > 300) throw new Error('Angiv organisationen med --org "…" (højst 300 tegn).');
  if (!/^wss?:\/\/\S+$/i.test(options.serverUrl)) throw new Error(`Ugyldig serveradresse ${JSON.stringify(options.serverUrl)}; skriv fx --public-url wss://aftaler.example.dk.`);
  const secret = newInviteSecret();
  const participantId = `sekretariat-${crypto.randomBytes(6).toString('base64url')}`;
  const row: BootstrapInvitationRow = { inviteKey: inviteKeyPair(secret).publicKey, participantId, name, organisation, createdAt: new Date().toISOString() };
  const invitation: Invitation = { v: 1, server: options.serverUrl, agreementId: null, participantId, secret, rootKey: null, title: null };
  const text = encodeInvitation(invitation);
  const message = [
    `Sekretariatskonto oprettet for ${name} (${organisation}), deltager-id ${participantId}.`,
    '',
    'Invitation (kan kun bruges én gang):',
    '',
    text,
    '',
    'Sådan bruges den: Åbn Enighed på sekretariatets computer, vælg «Åbn invitation …» og indsæt teksten',
    '(eller gem den i en fil, der ender på .enighed-invitation, og åbn filen). Programmet forbinder til',
    `${options.serverUrl}, registrerer en nøgle lavet på den computer og kan derefter oprette aftaler på serveren.`,
    'Invitationen giver sekretariatsadgang: send den kun ad en sikker vej, og del den ikke med andre.',
  ].join('\n');
  return { invitation, text, message, row };
}

/** Which store a command works on: the data folder's SQLite file, or a PostgreSQL database. */
export type StoreSource = { workspacePath: string } | { postgres: string };

/** Opens the store, runs `fn`, closes it. */
async function withStore<T>(source: StoreSource, fn: (store: ServerStore) => Promise<T>): Promise<T> {
  const store = 'postgres' in source ? await openPostgresStore(source.postgres, { poolSize: 2 }) : openSqliteServerStore(source.workspacePath, { create: false });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export type AuditOptions = StoreSource & {
  agreementId: string;
  sectionId?: string;
};

export interface AuditLine {
  at: string;
  docId: string;
  bytes: number;
  participantId: string | null;
  deviceKey: string | null;
  name: string | null;
  organisation: string | null;
}

/** Every stored update of the agreement (or one section, its internal notes included) with who
 *  sent it, oldest first. Names come from the agreement's directory where the participant has a
 *  valid entry, else from what the server recorded at the time. */
export function auditLines(options: AuditOptions): Promise<AuditLine[]> {
  return withStore(options, async (store) => {
    const names = new Map<string, { name: string; organisation: string }>();
    const stored = await store.loadDoc(structureDocId(options.agreementId));
    if (stored.snapshot || stored.updates.length > 0) {
      const doc = new Y.Doc();
      Y.transact(doc, () => {
        if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
        for (const u of stored.updates) Y.applyUpdate(doc, u);
      });
      const dir = readDirectory(options.agreementId, doc);
      doc.destroy();
      for (const [id, entry] of dir.valid) names.set(id, { name: entry.name, organisation: entry.organisation });
    }
    const section = options.sectionId;
    const inSection = section
      ? new Set([sectionDocId(options.agreementId, section), ...(['region', 'kommune', 'praksis'] as const).map((s) => internalDocId(options.agreementId, s, section))])
      : null;
    return (await store.membership.authorsOf(options.agreementId))
      .filter((row) => !inSection || inSection.has(row.docId))
      .map((row) => {
        const known = row.participantId ? names.get(row.participantId) : undefined;
        return {
          at: row.at,
          docId: row.docId,
          bytes: row.bytes,
          participantId: row.participantId,
          deviceKey: row.deviceKey,
          name: known?.name ?? row.name,
          organisation: known?.organisation ?? row.organisation,
        };
      });
  });
}

/** The audit as Danish text, one line per stored update. */
export async function auditText(options: AuditOptions): Promise<string> {
  const lines = await auditLines(options);
  const scope = options.sectionId ? `afsnit ${options.sectionId} i aftale ${options.agreementId}` : `aftale ${options.agreementId}`;
  if (lines.length === 0) return `Ingen gemte ændringer med afsender i ${scope}.`;
  const out = [`Ændringer i ${scope}, ældste først (${lines.length}):`];
  for (const l of lines) {
    // No name: an open server's anonymous client, or an update relayed from another instance (that
    // instance recorded its sender).
    const who = l.name ? `${l.name}${l.organisation ? ` (${l.organisation})` : ''}` : 'ukendt afsender (fx via en anden serverinstans)';
    const ids = [l.participantId ? `deltager ${l.participantId}` : null, l.deviceKey ? `enhed ${l.deviceKey}` : null].filter(Boolean).join(', ');
    out.push(`${l.at}  ${who}${ids ? ` [${ids}]` : ''} ændrede ${l.docId} (${l.bytes} byte)`);
  }
  return out.join('\n');
}

/** The devices the server knows (of one agreement, or all), as Danish text. */
export function devicesText(source: StoreSource, agreementId?: string): Promise<string> {
  return withStore(source, async (store) => {
    const rows = (await store.membership.allDevices()).filter((d) => agreementId === undefined || d.agreementId === agreementId);
    if (rows.length === 0) return 'Ingen registrerede enheder.';
    return rows
      .map((d) => {
        const where = d.agreementId ? `aftale ${d.agreementId}` : 'sekretariatskonto på serveren';
        const who = d.name ? `${d.name}${d.organisation ? ` (${d.organisation})` : ''}, ` : '';
        const state = d.revokedAt ? `spærret ${d.revokedAt}` : 'aktiv';
        return `${d.deviceKey}  ${who}deltager ${d.participantId}, ${where}, registreret ${d.createdAt}, ${state}`;
      })
      .join('\n');
  });
}

/** Revokes every device with this key while the server is stopped (with PostgreSQL: any time; a
 *  running instance refuses the token from its next connection); the text to print. */
export function revokeDeviceText(source: StoreSource, deviceKey: string): Promise<string> {
  return withStore(source, async (store) => {
    const rows = (await store.membership.allDevices()).filter((d) => d.deviceKey === deviceKey && d.revokedAt === null);
    if (rows.length === 0) throw new Error(`Ingen aktiv enhed med nøglen ${deviceKey}. Se «npm run server -- devices».`);
    const at = new Date().toISOString();
    for (const row of rows) await store.membership.revokeDevice(row.id, at);
    return `Enheden ${deviceKey} er spærret (${rows.length} registrering${rows.length === 1 ? '' : 'er'}); dens adgangskode afvises, når serveren kører igen. En deltager i en aftale fjernes i appen (Fjern adgang).`;
  });
}
