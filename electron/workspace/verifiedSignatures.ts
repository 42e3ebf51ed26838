// The contract's remembered verdicts (verifiedSignatures, rememberVerifiedSignatures) over the
// workspace's table (electron/store/verifiedSignatures.ts): the window loads them once when it
// opens and hands back what it verifies, so reopening an agreement does not verify every position
// again. Nothing here is trusted by the main process's own checks.
import type { Handlers } from '../../shared/api/dispatch.ts';
import { MAX_VERIFIED_DIGESTS } from '../../shared/api/contract.ts';
import type { Store } from '../store/store.ts';
import { VerifiedSignatures } from '../store/verifiedSignatures.ts';

export function verifiedSignatureHandlers<Ctx>(store: () => Store): Pick<Handlers<Ctx>, 'verifiedSignatures' | 'rememberVerifiedSignatures'> {
  return {
    verifiedSignatures: () => ({ digests: new VerifiedSignatures(store()).digests().slice(0, MAX_VERIFIED_DIGESTS) }),
    rememberVerifiedSignatures: ({ digests }) => {
      new VerifiedSignatures(store()).remember(digests);
      return {};
    },
  };
}
