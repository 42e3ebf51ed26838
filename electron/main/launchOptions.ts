// Where the app's files are and which workspace it opens: plain functions of the command line and
// of the folders Electron reports, so the shell's choices are tested in Node.
import path from 'node:path';

export const WORKSPACE_FILE_NAME = 'enighed.sqlite';

/**
 * The workspace file: `--workspace=FILE` (or `--workspace FILE`) on the command line, else
 * `enighed.sqlite` in the user-data folder. A relative FILE is taken from the working directory.
 */
export function workspacePathFrom(argv: readonly string[], userDataDir: string, cwd: string): string {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--workspace=')) return path.resolve(cwd, arg.slice('--workspace='.length));
    if (arg === '--workspace' && argv[i + 1] && !argv[i + 1]!.startsWith('--')) return path.resolve(cwd, argv[i + 1]!);
  }
  return path.join(userDataDir, WORKSPACE_FILE_NAME);
}

export interface AppFolders {
  templatesDir: string;
  rendererDir: string;
  /** The better-sqlite3 binding built for Electron's ABI (development only; packaged apps rebuild). */
  nativeBinding: string | undefined;
}

/** Everything the app ships sits beside the bundled main (dist/electron) in the app folder; the
 *  templates are copied out of the asar by electron-builder (extraResources). */
export function appFolders(appRoot: string, isPackaged: boolean, resourcesPath: string): AppFolders {
  return {
    templatesDir: isPackaged ? path.join(resourcesPath, 'templates') : path.join(appRoot, 'resources', 'templates'),
    rendererDir: path.join(appRoot, 'dist', 'renderer'),
    nativeBinding: isPackaged ? undefined : path.join(appRoot, 'dist', 'native', 'better_sqlite3.node'),
  };
}
