// A section's "Nyt siden sidst" and "Samtidige ændringer" as the Node side keeps them
// (electron/workspace/awayChanges.ts): read when the section opens and again on each awayChanged
// event for it. The subscription is owned by the effect.
import { useEffect, useState } from 'react';
import type { Api } from '../../../shared/api/contract.ts';
import type { AwayChanges } from '../../../shared/api/awayContract.ts';

const NONE: AwayChanges = { unseen: [], concurrent: [] };

export function useAwayChanges(api: Api, docId: string): AwayChanges {
  const [changes, setChanges] = useState<AwayChanges>(NONE);
  useEffect(() => {
    let latest = 0;
    let live = true;
    const load = () => {
      const asked = ++latest;
      api.awayChanges({ docId }).then(
        (value) => live && asked === latest && setChanges(value),
        (error: unknown) => console.error('Nyt siden sidst kunne ikke hentes', error),
      );
    };
    load();
    const off = api.onEvent('awayChanged', (payload) => payload.docId === docId && load());
    return () => {
      live = false;
      off();
    };
  }, [api, docId]);
  return changes;
}
