// WebSocket close codes and refusal reasons the sync server uses. One place, so that the server,
// its tests and the flood tool name each cause the same way. Codes 4100–4199 are ours (RFC 6455
// leaves 4000–4999 to applications; Hocuspocus uses 4400–4499).

/** Close code for a message that is not valid Hocuspocus/Yjs (1007: "invalid frame payload data"). */
export const CLOSE_MALFORMED = 1007;
/** What `ws` closes with when a message exceeds `maxPayload` (1009: "message too big"). */
export const CLOSE_TOO_BIG = 1009;
/** More bytes or messages before admission than `maxPreAuthBytes` / `maxPreAuthMessages`. */
export const CLOSE_PRE_AUTH_LIMIT = 4101;
/** No valid token within `authTimeoutMs`. */
export const CLOSE_AUTH_TIMEOUT = 4102;
/** `maxAuthFailuresPerSocket` unknown tokens. */
export const CLOSE_AUTH_FAILURES = 4103;
/** The participant's `storageQuotaBytes` would be exceeded. */
export const CLOSE_QUOTA = 4104;
/** An update with more than `maxUpdateItems` structs and delete ranges. */
export const CLOSE_UPDATE_TOO_LARGE = 4105;
/** An update that would take the document over `maxDocumentBytes`. */
export const CLOSE_DOCUMENT_FULL = 4107;
/** An update that would put the document outside what its kind may contain (shared/documents/check.ts). */
export const CLOSE_CONTENT_REFUSED = 4106;

/** The device was revoked, its participant removed, or it has no access left to the document
 *  (the agreement's directory changed, or the server revoked the device). */
export const CLOSE_REVOKED = 4108;
/** The reason a revoked device or removed participant gets (close and refused token). */
export const REVOKED_REASON = 'adgangen er trukket tilbage af sekretariatet';

/** HTTP answers to an upgrade that is refused before it becomes a WebSocket. */
export const HTTP_TOO_MANY_CONNECTIONS = 503;
export const HTTP_ADDRESS_LIMITED = 429;

/** The start of the reason a token gets while its address waits after wrong tokens (then "; prøv igen om N s"). */
export const BACKOFF_REASON = 'for mange forkerte adgangskoder fra din adresse';

/** Reason a refused document name gets (the contract's own message for a bad DocId). */
export const INVALID_DOC_REASON = 'ugyldigt dokument-id';

/** WebSocket close reasons are at most 123 bytes of UTF-8 (RFC 6455 §5.5); Danish letters take two. */
export function closeReason(text: string): string {
  let reason = text;
  while (Buffer.byteLength(reason, 'utf8') > 123) reason = reason.slice(0, -1);
  return reason;
}
