// The agreement's participant directory and this workspace's identity in it, live: re-read when the
// structure document changes and when background verification (webCryptoVerify.ts) finishes.
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { AgreementIdentityView } from '../../../shared/api/contract.ts';
import { readDirectory, type Directory } from '../../../shared/identity/directory.ts';
import { structureDocId } from '../../../shared/structure/docIds.ts';
import { useDocConnection } from '../hooks.ts';
import { useServices } from '../services.ts';
import { rendererVerify, verdictCache } from './webCryptoVerify.ts';

/** This workspace's identity in `agreementId` (null while loading or when the call failed). */
export function useAgreementIdentity(agreementId: string): AgreementIdentityView | null {
  const { api } = useServices();
  const [identity, setIdentity] = useState<AgreementIdentityView | null>(null);
  useEffect(() => {
    let live = true;
    setIdentity(null);
    api.agreementIdentity({ agreementId }).then(
      (value) => live && setIdentity(value),
      (error: unknown) => console.error('agreementIdentity', error),
    );
    return () => {
      live = false;
    };
  }, [api, agreementId]);
  return identity;
}

/** The directory of `agreementId` as this replica trusts it; a new object whenever it changed. */
export function useDirectory(agreementId: string, pinnedRootKey: string | null): Directory | null {
  const connection = useDocConnection(structureDocId(agreementId));
  const [directory, setDirectory] = useState<Directory | null>(null);
  useEffect(() => {
    if (!connection) return;
    const doc = connection.doc;
    let latest: Directory | null = null;
    const read = () => {
      latest = readDirectory(doc, rendererVerify, pinnedRootKey, verdictCache);
      setDirectory(latest);
    };
    read();
    doc.on('update', read);
    // Entries whose signatures were still being checked: read again once verdicts arrive.
    const stop = verdictCache.onChange(() => {
      if (latest?.pending) read();
    });
    return () => {
      doc.off('update', read);
      stop();
    };
  }, [connection, pinnedRootKey]);
  return directory;
}

let verdictVersion = 0;
verdictCache.onChange(() => {
  verdictVersion++;
});

/** Changes whenever background verification stored new verdicts: views that show verdicts or
 *  statuses derive them again (pending positions are judged again; the rest is remembered). */
export function useVerdictVersion(): number {
  return useSyncExternalStore(
    (onChange) => verdictCache.onChange(onChange),
    () => verdictVersion,
  );
}
