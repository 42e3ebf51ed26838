// The operator's limit overrides for the command line (`--limits FILE`): a JSON object naming some
// of the bounds in limits.ts, each a positive number. Anything else is refused with a Danish message.
import fs from 'node:fs';
import { z } from 'zod';
import { DEFAULT_LIMITS, type SyncLimits } from './limits.ts';

const MAX_FILE_BYTES = 64 * 1024;

const Overrides = z
  .object(Object.fromEntries(Object.keys(DEFAULT_LIMITS).map((key) => [key, z.number().positive().finite().optional()])))
  .strict();

export function readLimitsFile(file: string): Partial<SyncLimits> {
  let raw: unknown;
  try {
    if (fs.statSync(file).size > MAX_FILE_BYTES) throw new Error(`filen er større end ${MAX_FILE_BYTES} bytes`);
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Grænsefilen "${file}" kunne ikke læses: ${(error as Error).message}`);
  }
  const parsed = Overrides.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const what =
      issue?.code === 'unrecognized_keys'
        ? `ukendt grænse ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`
        : issue?.path.length
          ? `ved ${issue.path.join('.')}: skal være et positivt tal`
          : 'skal være et JSON-objekt';
    throw new Error(`Grænsefilen "${file}" er ugyldig, ${what}. Kendte grænser: ${Object.keys(DEFAULT_LIMITS).join(', ')}.`);
  }
  return parsed.data as Partial<SyncLimits>;
}
