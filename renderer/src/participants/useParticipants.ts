// The participant directory of an agreement, live from its structure document (the same Y.Doc
// connection the rest of the window uses), and the device keys the Node side has seen per
// participant (re-asked whenever the directory changes).
import { useEffect, useState } from 'react';
import type { ParticipantEntry } from '../../../shared/identity/shapes.ts';
import { structureDocId } from '../../../shared/structure/docIds.ts';
import { readParticipants } from '../../../shared/structure/participantsDoc.ts';
import { useDocConnection } from '../hooks.ts';
import { useServices } from '../services.ts';

export interface Directory {
  participants: ParticipantEntry[];
  /** Device keys seen per participant id. */
  devices: Record<string, string[]>;
}

export function useParticipants(agreementId: string | null): Directory {
  const { api } = useServices();
  const connection = useDocConnection(agreementId ? structureDocId(agreementId) : null);
  const [participants, setParticipants] = useState<ParticipantEntry[]>([]);
  const [devices, setDevices] = useState<Record<string, string[]>>({});
  useEffect(() => {
    setParticipants([]);
    if (!connection || !agreementId) return;
    const doc = connection.doc;
    let live = true;
    const read = () => {
      setParticipants(readParticipants(doc));
      api.participantDevices({ agreementId }).then((d) => live && setDevices(d), () => {});
    };
    read();
    doc.on('update', read);
    return () => {
      live = false;
      doc.off('update', read);
    };
  }, [api, connection, agreementId]);
  return { participants, devices };
}
