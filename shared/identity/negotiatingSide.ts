// Which side this workspace takes positions for in an agreement: the participant entry's side once
// it joined (never a self-chosen profile's), the local profile's in an agreement without a root key;
// and the name its positions are labelled with (the directory's once joined).
import type { Profile } from '../domain/agreement.ts';
import { negotiatingSide, type NegotiationSide } from '../negotiation/position.ts';
import type { Directory } from './directory.ts';

export function negotiatingSideIn(
  profile: Profile | null,
  identity: { participantId: string | null } | null,
  directory: Directory,
): { side: NegotiationSide; by: { name: string; organisation: string } } | { reason: string } {
  if (directory.distrust !== null) return { reason: `Aftalens deltagerliste kan ikke verificeres: ${directory.distrust}.` };
  if (directory.rootKey === null) {
    const local = negotiatingSide(profile);
    if ('reason' in local) return local;
    return profile ? { side: local.side, by: { name: profile.name, organisation: profile.organisation } } : { reason: 'Opret en profil for at tage stilling.' };
  }
  if (!identity?.participantId) return { reason: 'Denne computer er ikke tilmeldt aftalen. Åbn din invitation for at tage stilling.' };
  const entry = directory.participants.get(identity.participantId);
  if (!entry) return { reason: 'Din deltagerpost i aftalen er ikke gyldig, så dine standpunkter ville ikke tælle.' };
  if (entry.role === 'sekretariat') return { reason: 'Sekretariatet tager ikke stilling til klausuler; det gør siderne.' };
  const side = negotiatingSide({ name: entry.name, organisation: entry.organisation, side: entry.side, role: entry.role });
  return 'side' in side ? { side: side.side, by: { name: entry.name, organisation: entry.organisation } } : side;
}
