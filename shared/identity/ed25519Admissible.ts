// Which Ed25519 keys and signatures any replica even tries to verify. Replicas verify with different
// libraries (libsodium in the main process and on the server, BoringSSL's WebCrypto in the window),
// and those disagree at the edges: libsodium refuses a public key or a signature's R that has small
// order, or a key whose encoding is not canonical; BoringSSL and OpenSSL accept them. A participant
// who made such a signature with their own key would see one verdict on one machine and another
// elsewhere. So every verifier applies this rule first, and refuses what libsodium refuses; past it,
// every library checks the same equation (cofactorless, R compared as bytes).
//
// The seven encodings of points of small order are the ones libsodium lists (ge25519_has_small_order,
// compared with the sign bit cleared); "canonical" means the encoded y is below p = 2^255 − 19, and
// S below the group order L.

const hex = (h: string) => Uint8Array.from(h.match(/../g)!, (b) => parseInt(b, 16));

const SMALL_ORDER = [
  '0000000000000000000000000000000000000000000000000000000000000000', // 0 (order 4)
  '0100000000000000000000000000000000000000000000000000000000000000', // 1 (order 1)
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05', // order 8
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', // order 8
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // p − 1 (order 2)
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // p (= 0, order 4)
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // p + 1 (= 1, order 1)
].map(hex);

/** The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian. */
const L = hex('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');

/** Whether the 32-byte point encoding (sign bit ignored) is one of a point of small order. */
function hasSmallOrder(point: Uint8Array): boolean {
  return SMALL_ORDER.some((bad) => {
    for (let i = 0; i < 31; i++) if (point[i] !== bad[i]) return false;
    return (point[31] & 0x7f) === bad[31];
  });
}

/** Whether the encoded y (sign bit ignored) is below p = 2^255 − 19. */
function canonicalPoint(point: Uint8Array): boolean {
  if ((point[31] & 0x7f) !== 0x7f) return true;
  for (let i = 30; i > 0; i--) if (point[i] !== 0xff) return true;
  return point[0] < 0xed;
}

/** Whether the 32-byte little-endian scalar is below L. */
function canonicalScalar(s: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    if (s[i] !== L[i]) return s[i] < L[i];
  }
  return false;
}

/** Whether a raw public key may sign at all (32 bytes, canonical, not of small order). */
export function admissibleKey(publicKey: Uint8Array): boolean {
  return publicKey.length === 32 && canonicalPoint(publicKey) && !hasSmallOrder(publicKey);
}

/** Whether a 64-byte signature by this key is worth verifying: the key admissible, R not of small
 *  order, S canonical. What fails here is not a valid signature on any replica. */
export function admissibleSignature(publicKey: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64 || !admissibleKey(publicKey)) return false;
  return !hasSmallOrder(signature.subarray(0, 32)) && canonicalScalar(signature.subarray(32, 64));
}
