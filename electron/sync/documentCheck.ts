// The document check the sync client runs on every update a server or meeting host sends, before
// the provider applies it (what a section or structure document may contain): one implementation,
// shared/documents/check.ts, used at every boundary. This adapter is the sync client's one import.
export { checkUpdate, type DocCheck } from '../../shared/documents/check.ts';
