// WebSocket close codes and refusal reasons the sync server uses. One place, so that the server,
// its tests and the flood tool name each cause the same way.

/** Close code for a message that is not valid Hocuspocus/Yjs (1007: "invalid frame payload data"). */
export const CLOSE_MALFORMED = 1007;
/** What `ws` closes with when a message exceeds `maxPayload` (1009: "message too big"). */
export const CLOSE_TOO_BIG = 1009;

/** Reason a refused document name gets (the contract's own message for a bad DocId). */
export const INVALID_DOC_REASON = 'ugyldigt dokument-id';

/** WebSocket close reasons are at most 123 bytes of UTF-8 (RFC 6455 §5.5); Danish letters take two. */
export function closeReason(text: string): string {
  let reason = text;
  while (Buffer.byteLength(reason, 'utf8') > 123) reason = reason.slice(0, -1);
  return reason;
}
