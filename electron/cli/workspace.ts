// Command-line tool for a workspace file (while the app is closed):
//   tsx electron/cli/workspace.ts check FILE               — integrity of the file; every document decoded and checked
//   tsx electron/cli/workspace.ts compact FILE             — folds every log into its snapshot and shrinks the file
//   tsx electron/cli/workspace.ts backup FILE --out OUT    — a consistent copy (SQLite's backup API) in a new file
//   tsx electron/cli/workspace.ts create FILE --demo       — a new workspace holding the demo agreement; prints its id
// Exits 1 with a Danish message when the file cannot be read or something in it is damaged; never
// replaces a workspace file (a backup never replaces OUT, create never an existing FILE).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BackupError } from '../store/backup.ts';
import { openExistingWorkspace } from './openWorkspace.ts';
import { checkStoredDocs } from '../store/docCheck.ts';
import { describeSqliteError } from '../store/sqliteErrors.ts';
import { Store } from '../store/store.ts';
import { WorkspaceService } from '../workspace/service.ts';
import { repoRoot } from '../workspace/paths.ts';

const USAGE = 'Brug: workspace check <fil> | compact <fil> | backup <fil> --out <ny fil> | create <ny fil> --demo';

export async function runWorkspaceCli(argv: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const [command, file, ...rest] = argv;
  if (command === 'create') return create(file, rest, out, err);
  const target = command === 'backup' && rest[0] === '--out' && rest.length === 2 ? rest[1] : null;
  if (!command || !file || !['check', 'compact', 'backup'].includes(command) || (command === 'backup' ? !target : rest.length > 0)) {
    err(USAGE);
    return 2;
  }
  const store = openExistingWorkspace(file, err);
  if (!store) return 1;
  try {
    if (command === 'backup') {
      await store.backup(target!);
      out(`Sikkerhedskopi gemt: ${target} (${fileSize(target!)} byte).`);
      return 0;
    }
    return check(store, file, command === 'compact', out, err);
  } catch (error) {
    const message = error instanceof BackupError ? error.message : describeSqliteError(error);
    if (!message) throw error;
    err(message);
    return 1;
  } finally {
    store.close();
  }
}

function check(store: Store, file: string, compact: boolean, out: (line: string) => void, err: (line: string) => void): number {
  const integrity = store.integrityCheck();
  const docs = checkStoredDocs(store);
  if (compact) {
    const before = fileSize(file);
    const folded = store.compactAll();
    store.shrink();
    out(`Komprimeret: ${folded} dokumenter, ${before} → ${fileSize(file)} byte.`);
  }
  out(`Arbejdsområde: ${file}`);
  out(`Aftaler: ${store.agreementIds().length}`);
  out(`Dokumenter: ${docs.checked}, heraf ${docs.damaged.length} beskadigede`);
  for (const { docId, kind, detail } of docs.damaged) {
    err(kind === 'unreadable' ? `Beskadiget dokument: ${docId} (kan ikke læses: ${detail})` : `Dokument uden for reglerne: ${docId} (${detail})`);
  }
  const ok = integrity === 'ok' && docs.damaged.length === 0;
  out(`Integritet: ${ok ? 'i orden' : integrity === 'ok' ? 'fejl i dokumenterne' : integrity}`);
  return ok ? 0 : 1;
}

/** A new workspace file holding the demo agreement (the app's first start, without the app). */
function create(file: string | undefined, rest: string[], out: (line: string) => void, err: (line: string) => void): number {
  if (!file || rest.length !== 1 || rest[0] !== '--demo') {
    err(USAGE);
    return 2;
  }
  if (fs.existsSync(file)) {
    err(`Filen ${file} findes allerede; vælg et nyt filnavn.`);
    return 1;
  }
  if (!fs.existsSync(path.dirname(path.resolve(file)))) {
    err(`Mappen til ${file} findes ikke.`);
    return 1;
  }
  const service = WorkspaceService.open({ workspacePath: file, templatesDir: path.join(repoRoot, 'resources', 'templates'), seedDemo: true });
  try {
    if (service.status.state !== 'ready') {
      err(service.status.message);
      return 1;
    }
    out(service.listAgreements()[0]!.id);
    return 0;
  } finally {
    service.close();
  }
}

function fileSize(file: string): number {
  return ['', '-wal'].reduce((sum, suffix) => sum + (fs.existsSync(file + suffix) ? fs.statSync(file + suffix).size : 0), 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runWorkspaceCli(process.argv.slice(2), console.log, console.error);
}
