// What the server refused, counted by cause: in its stats, and what the flood tool prints.

export const REFUSAL_CAUSES = [
  'malformed', // a message that is not Hocuspocus/Yjs, or a text frame
  'tooBig', // a message over maxPayload
  'invalidName', // too many messages for names that are not document ids
  'connections', // an upgrade over maxConnections
  'connectionsPerAddress', // an upgrade over maxConnectionsPerAddress
  'backoff', // an upgrade or token from an address that must wait after failed authentications
  'preAuth', // bytes or messages before admission over the bound
  'authTimeout', // no valid token in time
  'unknownToken', // a token that opens no grant
  'authFailures', // a socket closed after too many unknown tokens
  'noAccess', // a known participant refused a document
  'readOnly', // an update, awareness or stateless message on a read-only connection (dropped)
  'awareness', // awareness entries dropped: another client's id, too large, not an object, too many, too often
  'stateless', // a stateless message dropped: too long or too often
  'updateItems', // an update with too many structs and delete ranges
  'quota', // a participant's storage quota
  'documentSize', // an update that would take a document over maxDocumentBytes
  'slowReader', // a socket terminated with more than maxSendBufferBytes waiting to be sent to it
  'content', // an update the document check refused
  'revoked', // a device's connection closed: revoked, its participant removed, or no access left
  'redeem', // a refused invitation redemption (POST /enighed/redeem)
] as const;

export type RefusalCause = (typeof REFUSAL_CAUSES)[number];
export type Refusals = Record<RefusalCause, number>;

export function newRefusals(): Refusals {
  return Object.fromEntries(REFUSAL_CAUSES.map((cause) => [cause, 0])) as Refusals;
}
