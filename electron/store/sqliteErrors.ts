// SQLite's own errors in Danish. better-sqlite3 throws a SqliteError whose `code` is SQLite's
// extended result code name ("SQLITE_FULL", "SQLITE_IOERR_WRITE", …) and whose message is SQLite's
// English text ("database or disk is full"). Wherever a store error reaches the user — opening a
// workspace, an API call, the command line — it is described here, so each code has one message.

/** The primary result code of a SQLite error ("SQLITE_IOERR" for "SQLITE_IOERR_WRITE"), or null
 *  when `error` did not come from SQLite. */
export function sqlitePrimaryCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  const match = /^SQLITE_[A-Z]+/.exec(code);
  return match ? match[0] : null;
}

const MESSAGES: Record<string, string> = {
  SQLITE_FULL:
    'Disken er fuld, så ændringen kunne ikke gemmes i arbejdsområdet. Frigør plads på disken og prøv igen; alt, der allerede er gemt, er i behold.',
  SQLITE_IOERR:
    'Arbejdsområdet kunne ikke læses fra eller skrives til disken (I/O-fejl). Tjek at disken eller drevet er tilsluttet og virker, og prøv igen.',
  SQLITE_READONLY:
    'Arbejdsområdet er skrivebeskyttet, så ændringen kunne ikke gemmes. Tjek at du har skriveadgang til filen og mappen.',
  SQLITE_BUSY: 'Arbejdsområdet er i brug af et andet program (kører Enighed allerede?). Luk det og prøv igen.',
  SQLITE_LOCKED: 'Arbejdsområdet er i brug af et andet program (kører Enighed allerede?). Luk det og prøv igen.',
  SQLITE_CORRUPT: 'Arbejdsområdet er beskadiget. Gendan det fra en sikkerhedskopi.',
  SQLITE_NOTADB: 'Filen er ikke et Enighed-arbejdsområde eller er beskadiget.',
  SQLITE_CANTOPEN: 'Arbejdsområdets fil kunne ikke åbnes. Tjek at mappen findes, og at du har adgang til den.',
  SQLITE_PERM: 'Adgang til arbejdsområdets fil blev nægtet. Tjek filens rettigheder.',
  SQLITE_AUTH: 'Adgang til arbejdsområdets fil blev nægtet. Tjek filens rettigheder.',
  SQLITE_NOMEM: 'Der var ikke hukommelse nok til at læse eller gemme arbejdsområdet. Luk andre programmer og prøv igen.',
  SQLITE_TOOBIG: 'Ændringen er for stor til at blive gemt i arbejdsområdet.',
  SQLITE_PROTOCOL: 'Arbejdsområdet er i brug af et andet program (kører Enighed allerede?). Luk det og prøv igen.',
};

/**
 * A Danish message for a SQLite error, or null when `error` is not one. Codes without a message of
 * their own get a general one naming the code (for support), never SQLite's English text alone.
 */
export function describeSqliteError(error: unknown): string | null {
  const primary = sqlitePrimaryCode(error);
  if (!primary) return null;
  return MESSAGES[primary] ?? `Arbejdsområdet gav en uventet fejl (${(error as { code: string }).code}). Prøv igen; fortsætter det, så gendan fra en sikkerhedskopi.`;
}
