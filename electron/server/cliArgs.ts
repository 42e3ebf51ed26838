// The server's command-line flags, read with node:util's parseArgs, with two things it does not do:
// - a flag's value may begin with "-": a device key is base64url, and one key in 64 begins with it
//   ("revoke-device --device -Xk…"), which parseArgs refuses as ambiguous; every `--flag value` of a
//   flag that takes a value is passed on as `--flag=value`, unless the value is another known flag
//   (`--device --data dir`: the device key is missing);
// - what it refuses is said in Danish (the operator's language), naming the flag.
import { parseArgs } from 'node:util';

export type FlagSpec = Record<string, { type: 'string' } | { type: 'boolean'; default?: boolean }>;

/** `args` with each `--flag value` of a flag that takes a value joined into `--flag=value`. */
export function joinFlagValues(args: readonly string[], flags: FlagSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : null;
    const next = args[i + 1];
    if (name !== null && flags[name]?.type === 'string' && next !== undefined && !(next.startsWith('--') && next.slice(2).split('=')[0] in flags)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** What parseArgs refused, in Danish. */
function danish(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const flag = /'(-[^' ]*)/.exec(message ?? '')?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Ukendt tilvalg ${flag}.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      // A boolean flag given a value, or a flag that takes one given none ("argument missing", or
      // "ambiguous" when another flag follows it).
      return /does not take an argument/.test(message ?? '') ? `Tilvalget ${flag} tager ingen værdi.` : `Tilvalget ${flag} mangler sin værdi.`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Uventet argument: ${/'([^']*)'/.exec(message ?? '')?.[1] ?? ''}.`;
    default:
      return message ?? String(error);
  }
}

/** The flags' values; throws an Error with a Danish message for a flag it does not know or a
 *  value it lacks. */
export function parseFlags<T extends Record<string, string | boolean | undefined>>(args: readonly string[], flags: FlagSpec): T {
  try {
    return parseArgs({ args: joinFlagValues(args, flags), options: flags, strict: true, allowPositionals: false }).values as T;
  } catch (error) {
    throw new Error(danish(error));
  }
}
