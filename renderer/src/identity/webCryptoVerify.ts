// Ed25519 verification in the renderer with WebCrypto (Chromium runs crypto.subtle off the main
// thread). Shared code asks synchronously (shared/identity/verifier.ts): a signature not checked yet
// answers 'pending' — it does not count — and is verified in the background; its verdict goes into
// the window's one VerdictCache, whose listeners then derive statuses again.
import { fromBase64Url } from '../../../shared/identity/base64url.ts';
import { VerdictCache, type Verify } from '../../../shared/identity/verifier.ts';

/** The window's verdicts: every view (chips, the clause panel, the overview) shares them. */
export const verdictCache = new VerdictCache();

const keys = new Map<string, Promise<CryptoKey | null>>();

function importKey(publicKey: string): Promise<CryptoKey | null> {
  let key = keys.get(publicKey);
  if (!key) {
    const raw = fromBase64Url(publicKey);
    key =
      raw && raw.length === 32
        ? crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify']).catch(() => null)
        : Promise.resolve(null);
    keys.set(publicKey, key);
  }
  return key;
}

async function verifyNow(publicKey: string, bytes: Uint8Array, signature: string): Promise<boolean> {
  const sig = fromBase64Url(signature);
  if (!sig || sig.length !== 64) return false;
  const key = await importKey(publicKey);
  if (!key) return false;
  try {
    return await crypto.subtle.verify({ name: 'Ed25519' }, key, sig as Uint8Array<ArrayBuffer>, bytes as Uint8Array<ArrayBuffer>);
  } catch {
    return false;
  }
}

/** Checks in flight, by signature (with the key and bytes they are for). */
const inFlight = new Map<string, { publicKey: string; bytes: Uint8Array }[]>();
let notify = 0;

/** Tells the cache's listeners once per batch of finished checks. */
function scheduleNotify(cache: VerdictCache): void {
  if (notify) return;
  notify = window.setTimeout(() => {
    notify = 0;
    cache.changed();
  }, 0);
}

/** A Verify for shared code that verifies with WebCrypto in the background into `cache`. */
export function webCryptoVerify(cache: VerdictCache = verdictCache): Verify {
  return (publicKey, bytes, signature) => {
    const known = cache.lookup(publicKey, bytes, signature);
    if (known !== undefined) return known;
    const waiting = inFlight.get(signature) ?? [];
    if (waiting.some((w) => w.publicKey === publicKey && w.bytes.length === bytes.length && w.bytes.every((b, i) => b === bytes[i]))) return 'pending';
    const copy = new Uint8Array(bytes);
    waiting.push({ publicKey, bytes: copy });
    inFlight.set(signature, waiting);
    void verifyNow(publicKey, copy, signature).then((ok) => {
      cache.store(publicKey, copy, signature, ok);
      const left = (inFlight.get(signature) ?? []).filter((w) => w.bytes !== copy);
      if (left.length === 0) inFlight.delete(signature);
      else inFlight.set(signature, left);
      scheduleNotify(cache);
    });
    return 'pending';
  };
}

/** The window's verifier over verdictCache. */
export const rendererVerify: Verify = webCryptoVerify(verdictCache);
