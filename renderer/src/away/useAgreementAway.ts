// Agreement-wide readings of "Nyt siden sidst" / "Samtidige ændringer" (the navigator's marks, the
// overview's list): asked once and again on every awayChanged event for a section of the agreement.
// The subscription is owned by the effect; an answer overtaken by a later question is dropped.
import { useEffect, useState } from 'react';
import type { Api } from '../../../shared/api/contract.ts';
import { parseDocId } from '../../../shared/structure/docIds.ts';
import { useServices } from '../services.ts';

export function useAgreementAway<T>(agreementId: string, ask: (api: Api, agreementId: string) => Promise<T>, initial: T): T {
  const { api } = useServices();
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    let live = true;
    let latest = 0;
    const load = () => {
      const asked = ++latest;
      ask(api, agreementId).then(
        (answer) => live && asked === latest && setValue(answer),
        (error: unknown) => console.error('Nyt siden sidst kunne ikke hentes', error),
      );
    };
    load();
    const off = api.onEvent('awayChanged', (p) => parseDocId(p.docId)?.agreementId === agreementId && load());
    return () => {
      live = false;
      off();
    };
    // `ask` is a module-level function at every call site.
  }, [api, agreementId]);
  return value;
}

export const askConcurrent = (api: Api, agreementId: string) => api.concurrentInAgreement({ agreementId });
export const askSummary = (api: Api, agreementId: string) => api.awaySummary({ agreementId });
