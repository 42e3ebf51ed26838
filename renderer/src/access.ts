// What the person at this window may do with a document: the one rule (shared/access/rules.ts)
// applied to their actor, which the Node side names (myActor: the directory participant of their
// agreement identity, else their profile). The server, the meeting host, the bundle importer and the
// local push refuse the same; the UI shows it first, with the reason.
import { useEffect, useMemo, useState } from 'react';
import type { ActorShape } from '../../shared/api/contract.ts';
import type { z } from 'zod';
import { rightsOn, type Rights } from '../../shared/access/rules.ts';
import type { Agreement } from '../../shared/domain/agreement.ts';
import { useServices } from './services.ts';

/** The rights on `docId`; null while unknown or when there is nobody to hold to a rule (no
 *  profile yet: the app asks for one before anything is written). */
export function useRights(agreement: Agreement, docId: string): Rights | null {
  const services = useServices();
  const profile = services.profile();
  const [actor, setActor] = useState<z.infer<typeof ActorShape> | null>(null);
  useEffect(() => {
    let live = true;
    services.api.myActor({ agreementId: agreement.id }).then(
      (a) => live && setActor(a),
      () => live && setActor(null),
    );
    return () => {
      live = false;
    };
    // The profile and the structure (agreement) decide the actor.
  }, [services, agreement, profile]);
  return useMemo(() => (actor ? rightsOn(actor, docId, agreement) : null), [actor, docId, agreement]);
}
