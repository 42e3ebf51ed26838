// Why a connection to a sync server failed, in Danish, for the sync status (top bar and settings).
// Without this the app sat at "Offline" with no reason when, for example, the server's certificate
// was not trusted. The codes are Node's (TLS, DNS, sockets) and ws's.

const certificateReasons: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'serverens certifikat er selvsigneret og ikke udstedt af en betroet myndighed',
  SELF_SIGNED_CERT_IN_CHAIN: 'serverens certifikat er udstedt af en myndighed, denne computer ikke stoler på',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'serverens certifikat kan ikke efterprøves (mangler mellemcertifikat eller betroet udsteder)',
  UNABLE_TO_GET_ISSUER_CERT: 'serverens certifikat kan ikke efterprøves (udstederen er ukendt)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'serverens certifikat kan ikke efterprøves (udstederen er ukendt)',
  CERT_HAS_EXPIRED: 'serverens certifikat er udløbet',
  CERT_NOT_YET_VALID: 'serverens certifikat er endnu ikke gyldigt (eller computerens ur går forkert)',
  CERT_REVOKED: 'serverens certifikat er tilbagekaldt',
  ERR_TLS_CERT_ALTNAME_INVALID: 'serverens certifikat gælder ikke for denne adresse',
  CERT_SIGNATURE_FAILURE: 'serverens certifikat har en ugyldig signatur',
};

const networkReasons: Record<string, string> = {
  ECONNREFUSED: 'serveren svarer ikke på adressen (er den startet, og er porten rigtig?)',
  ENOTFOUND: 'servernavnet findes ikke',
  EAI_AGAIN: 'servernavnet kunne ikke slås op (er der netværk?)',
  EHOSTUNREACH: 'serveren kan ikke nås fra dette netværk',
  ENETUNREACH: 'der er ikke forbindelse til netværket',
  ETIMEDOUT: 'serveren svarede ikke i tide',
  ECONNRESET: 'forbindelsen blev afbrudt',
  EPROTO: 'serveren taler ikke krypteret (wss://); prøv ws://, eller tjek adressen',
  ERR_SSL_WRONG_VERSION_NUMBER: 'serveren taler ikke krypteret (wss://); prøv ws://, eller tjek adressen',
  ERR_SSL_PACKET_LENGTH_TOO_LONG: 'serveren taler ikke krypteret (wss://); prøv ws://, eller tjek adressen',
};

/** Whether a connection error is about the server's certificate (not the network). */
export function isCertificateError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && Object.hasOwn(certificateReasons, code);
}

/** A Danish sentence for a failed connection attempt. */
export function describeConnectionError(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  const message = String((error as { message?: unknown })?.message ?? error);
  if (typeof code === 'string' && Object.hasOwn(certificateReasons, code)) {
    return `Forbindelsen er afvist, fordi ${certificateReasons[code]}. Intet er sendt til serveren.`;
  }
  if (typeof code === 'string' && Object.hasOwn(networkReasons, code)) return `Ingen forbindelse: ${networkReasons[code]}.`;
  const status = /Unexpected server response: (\d+)/.exec(message);
  if (status?.[1] === '429') return 'Ingen forbindelse: serveren afviser denne computer et stykke tid efter for mange forkerte adgangskoder eller forbindelser. Prøv igen om lidt.';
  if (status?.[1] === '503') return 'Ingen forbindelse: serveren har ikke plads til flere forbindelser lige nu. Prøv igen om lidt.';
  if (status) return `Ingen forbindelse: adressen svarer, men ikke som en Enighed-server (HTTP ${status[1]}).`;
  if (/socket hang up/i.test(message)) return 'Ingen forbindelse: serveren lukkede forbindelsen (taler den krypteret, så brug wss://).';
  return `Ingen forbindelse til serveren (${message.slice(0, 120)}).`;
}
