// The functions of sodium-native (libsodium's Node binding) the app uses; the package ships no
// types of its own and @types/sodium-native describes an older major version.
declare module 'sodium-native' {
  /** libsodium's crypto_sign_verify_detached: true when `signature` is `publicKey`'s Ed25519
   *  signature of `message` (64-byte signature, 32-byte key). */
  export function crypto_sign_verify_detached(signature: Buffer, message: Buffer, publicKey: Buffer): boolean;
  /** libsodium's crypto_sign_seed_keypair: fills the 32-byte `publicKey` and the 64-byte
   *  `secretKey` of the Ed25519 key with this 32-byte seed. */
  export function crypto_sign_seed_keypair(publicKey: Buffer, secretKey: Buffer, seed: Buffer): void;
  const sodium: { crypto_sign_verify_detached: typeof crypto_sign_verify_detached; crypto_sign_seed_keypair: typeof crypto_sign_seed_keypair };
  export default sodium;
}
