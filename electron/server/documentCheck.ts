// The document check the server runs on every update before it is applied (what a section or
// structure document may contain): one implementation, shared/documents/check.ts, used at every
// boundary. This adapter is the server's one import of it.
export { checkUpdate, type DocCheck } from '../../shared/documents/check.ts';
