// The server's log lines: each has a cause (rateLimitedLog.ts limits them per cause) and a level
// derived from it. `jsonLine` is the production format (`--log json`, the default of the built
// server): one JSON object per line on stderr with time, level, cause and the Danish message, so
// that journald, Loki or Elastic can filter by level.
import type { LogEvent } from './options.ts';

/** Causes that mean the server could not do its job (as opposed to refusing a client). */
const ERROR_CAUSES = new Set(['store']);
/** Causes that are routine. */
const INFO_CAUSES = new Set(['redeem', 'start', 'stop']);

export function levelOf(cause: string): LogEvent['level'] {
  if (ERROR_CAUSES.has(cause)) return 'error';
  if (INFO_CAUSES.has(cause)) return 'info';
  return 'warn';
}

/** One log line as JSON (no trailing newline). */
export function jsonLine(line: string, event: LogEvent, at = new Date()): string {
  return JSON.stringify({ time: at.toISOString(), level: event.level, cause: event.cause, msg: line });
}
