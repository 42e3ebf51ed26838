// Command-line tool for change bundles (ændringspakker), see electron/sync/bundle/ARCHITECTURE.md:
//   tsx electron/cli/bundle.ts export <workspace> <agreementId> <out-file> [--since <bundle-from-recipient>]
//   tsx electron/cli/bundle.ts import <workspace> <file> [--agreement <agreementId>]
//   tsx electron/cli/bundle.ts undo <workspace> <import-id>
// Opens the workspace file itself, so Enighed must not have it open (the file is locked while open).
// Exits 1 with a Danish message on errors, 2 on wrong usage; never creates a workspace file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserFacingError } from '../../shared/api/dispatch.ts';
import { Profile } from '../../shared/domain/agreement.ts';
import { WorkspaceOpenError } from '../store/database.ts';
import { BundleImports } from '../store/bundleImports.ts';
import { Store } from '../store/store.ts';
import { exportBundle, stateVectorsFromBundle, storeSource } from '../sync/bundle/export.ts';
import { importBundle } from '../sync/bundle/import.ts';
import { LIMITS } from '../sync/bundle/limits.ts';
import { undoImport } from '../sync/bundle/undo.ts';

const USAGE = [
  'Brug:',
  '  bundle export <arbejdsområde> <aftale-id> <ud-fil> [--since <pakke-fra-modtageren>]',
  '      Skriver aftalens ændringer til en ændringspakke. Med --since kun det, modtageren mangler',
  '      ifølge den seneste pakke, du har fået fra dem; ellers alt.',
  '  bundle import <arbejdsområde> <fil> [--agreement <aftale-id>]',
  '      Indlæser en ændringspakke (alt eller intet). Med --agreement afvises pakker til andre aftaler.',
  '  bundle undo <arbejdsområde> <import-nr>',
  '      Fortryder en import: dokumenterne får deres indhold fra før importen tilbage.',
  'Enighed må ikke have arbejdsområdet åbent imens: filen er låst, mens programmet kører.',
].join('\n');

interface Parsed {
  positional: string[];
  flags: Map<string, string>;
}

function parseArgs(argv: string[], allowed: string[]): Parsed | null {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--')) {
      const value = argv[i + 1];
      if (!allowed.includes(arg) || value === undefined || flags.has(arg)) return null;
      flags.set(arg, value);
      i++;
    } else positional.push(arg);
  }
  return { positional, flags };
}

export async function runBundleCli(argv: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const [command, ...rest] = argv;
  const args =
    command === 'export'
      ? parseArgs(rest, ['--since'])
      : command === 'import'
        ? parseArgs(rest, ['--agreement'])
        : command === 'undo'
          ? parseArgs(rest, [])
          : null;
  const expected = command === 'export' ? 3 : 2;
  if (!args || args.positional.length !== expected) {
    err(USAGE);
    return 2;
  }
  try {
    if (command === 'export') {
      const [workspace, agreementId, outFile] = args.positional;
      const sinceFile = args.flags.get('--since');
      // Read the recipient's bundle before taking the workspace's lock.
      const since = sinceFile ? stateVectorsFromBundle(readFile(sinceFile, BUNDLE_BOUND), agreementId) : null;
      const bytes = await withStore(workspace, async (store) =>
        exportBundle(storeSource(store), { agreementId, since, createdBy: senderName(store) }),
      );
      writeFileAtomically(outFile, bytes);
      out(`Ændringspakke skrevet: ${outFile} (${bytes.byteLength} byte${since ? ', kun det modtageren mangler' : ', alle ændringer'}).`);
    } else if (command === 'undo') {
      const [workspace, id] = args.positional;
      const importId = Number(id);
      if (!Number.isSafeInteger(importId) || importId <= 0) {
        err(USAGE);
        return 2;
      }
      const summary = await withStore(workspace, (store) => undoImport({ store }, importId));
      out(`Importen er fortrudt: ${summary.restored} dokumenter i aftalen ${summary.agreementId} har fået deres indhold fra før importen tilbage.`);
    } else {
      const [workspace, file] = args.positional;
      const bytes = readFile(file, BUNDLE_BOUND);
      const summary = await withStore(workspace, (store) =>
        importBundle({ store }, bytes, { expectedAgreementId: args.flags.get('--agreement'), handOver: true }),
      );
      const name = summary.title ? `"${summary.title}" (${summary.agreementId})` : summary.agreementId;
      out(`Ændringspakke fra ${summary.createdBy || 'ukendt afsender'}, lavet ${summary.createdAt}.`);
      if (summary.newAgreement) out(`Aftalen ${name} er tilføjet til arbejdsområdet.`);
      out(
        summary.changed === 0
          ? `Ingen nye ændringer til aftalen ${name}: alt i pakken fandtes allerede.`
          : `Indlæst: ${summary.changed} af ${summary.docs} dokumenter i aftalen ${name} havde nye ændringer.`,
      );
      if (summary.importId !== null) out(`Kan fortrydes med: bundle undo ${workspace} ${summary.importId}`);
    }
    return 0;
  } catch (error) {
    if (error instanceof UserFacingError || error instanceof WorkspaceOpenError) {
      err(error.message);
      return 1;
    }
    throw error;
  }
}

async function withStore<T>(file: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = Store.open(file, { create: false });
  try {
    new BundleImports(store).recover();
    return await fn(store);
  } finally {
    store.close();
  }
}

const BUNDLE_BOUND = { hint: 'ændringspakke', maxBytes: LIMITS.bundleBytes };

/** Reads a file (without copying it); with maxBytes, one larger is refused before it is read. */
function readFile(file: string, bound?: { hint: string; maxBytes: number }): Uint8Array {
  try {
    if (bound && fs.statSync(file).size > bound.maxBytes) {
      throw new UserFacingError(`Filen "${file}" er for stor til at være en ${bound.hint} (over ${bound.maxBytes / 1024 / 1024} MB). Den er ikke indlæst.`);
    }
    const buffer = fs.readFileSync(file);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserFacingError(
      code === 'ENOENT' ? `Filen "${file}" findes ikke.` : `Filen "${file}" kunne ikke læses: ${(error as Error).message}`,
    );
  }
}

/** Writes next to the target and renames, so a crash never leaves half a bundle under its name. */
function writeFileAtomically(file: string, bytes: Uint8Array): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temp, bytes);
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw new UserFacingError(`Ændringspakken kunne ikke skrives til "${file}": ${(error as Error).message}`);
  }
}

/** The name in the workspace's profile, else the operating system's user name. */
function senderName(store: Store): string {
  const profile = Profile.safeParse(store.getSetting('profile'));
  if (profile.success) return `${profile.data.name}, ${profile.data.organisation}`;
  try {
    return os.userInfo().username;
  } catch {
    return '';
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runBundleCli(process.argv.slice(2), console.log, console.error);
}
