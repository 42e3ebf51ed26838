// Command-line tool for a workspace file:
//   tsx electron/cli/workspace.ts check FILE    — opens it, checks integrity, prints a summary
//   tsx electron/cli/workspace.ts compact FILE  — folds every log into its snapshot and shrinks the file
// Exits 1 with a Danish message when the file cannot be opened; never creates or replaces a file.
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { WorkspaceOpenError } from '../store/database.ts';
import { Store } from '../store/store.ts';

export function runWorkspaceCli(argv: string[], out: (line: string) => void, err: (line: string) => void): number {
  const [command, file] = argv;
  if (!command || !file || !['check', 'compact'].includes(command)) {
    err('Brug: workspace check|compact <fil>');
    return 2;
  }
  let store: Store;
  try {
    store = Store.open(file, { create: false });
  } catch (error) {
    if (error instanceof WorkspaceOpenError) {
      err(error.message);
      return 1;
    }
    throw error;
  }
  try {
    const integrity = store.integrityCheck();
    if (command === 'compact') {
      const before = fileSize(file);
      const folded = store.compactAll();
      store.shrink();
      out(`Komprimeret: ${folded} dokumenter, ${before} → ${fileSize(file)} byte.`);
    }
    out(`Arbejdsområde: ${file}`);
    out(`Aftaler: ${store.agreementIds().length}`);
    out(`Integritet: ${integrity === 'ok' ? 'i orden' : integrity}`);
    return integrity === 'ok' ? 0 : 1;
  } finally {
    store.close();
  }
}

function fileSize(file: string): number {
  return ['', '-wal'].reduce((sum, suffix) => sum + (fs.existsSync(file + suffix) ? fs.statSync(file + suffix).size : 0), 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = runWorkspaceCli(process.argv.slice(2), console.log, console.error);
}
