// A stored document whose Yjs data cannot be decoded (a damaged blob inside an otherwise valid
// SQLite file). It concerns that one document: the rest of the workspace opens and works.

/** Thrown by Store.loadYDoc when a document's snapshot or log does not decode. Danish message. */
export class DamagedDocError extends Error {
  override name = 'DamagedDocError';
  constructor(
    readonly docId: string,
    /** What Yjs said, for the log and the command line (English). */
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Dokumentet "${docId}" er beskadiget i arbejdsområdet og kan ikke læses. Resten af arbejdsområdet kan bruges; hent dokumentet igen ved at synkronisere, eller gendan det fra en sikkerhedskopi.`,
      options,
    );
  }
}
