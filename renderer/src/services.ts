// What every component may use: the API and the pool of open documents. Provided once by App.
import { createContext, useContext } from 'react';
import type { Api } from '../../shared/api/contract.ts';
import type { Profile } from '../../shared/domain/agreement.ts';
import type { ConnectionPool } from './sync/ConnectionPool.ts';
import type { PresenceStore } from './presence/PresenceStore.ts';

export interface Services {
  api: Api;
  pool: ConnectionPool;
  /** Who else is on which section (presence/PresenceStore.ts). */
  presence: PresenceStore;
  /** The current profile, read when attributing an edit (so it is never stale in a closure). */
  profile: () => Profile | null;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside ServicesContext');
  return services;
}
