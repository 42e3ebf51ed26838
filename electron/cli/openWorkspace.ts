// Opening an existing workspace file for a command line tool: the store, or null after the Danish
// reason was written with `err` (a file that is missing, not a workspace, or locked by the app).
import { WorkspaceOpenError } from '../store/database.ts';
import { Store } from '../store/store.ts';

export function openExistingWorkspace(file: string, err: (line: string) => void): Store | null {
  try {
    return Store.open(file, { create: false });
  } catch (error) {
    if (error instanceof WorkspaceOpenError) {
      err(error.message);
      return null;
    }
    throw error;
  }
}
