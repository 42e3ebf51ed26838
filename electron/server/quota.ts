// Storage per participant: the bytes of updates each participant (Participant.key, one per grant)
// has had accepted by this server. An update is charged what it carries when it is admitted, before
// it is applied; one that would go over the quota is refused (closeCodes.CLOSE_QUOTA).
//
// The ledger lives in memory for the server's run: a restart starts every participant at zero.

export class QuotaLedger {
  private readonly used = new Map<string, number>();

  constructor(private readonly quotaBytes: number) {}

  /** Charges `bytes` to `key` and returns true, or returns false (charging nothing) when it would exceed the quota. */
  charge(key: string, bytes: number): boolean {
    const used = this.used.get(key) ?? 0;
    if (used + bytes > this.quotaBytes) return false;
    this.used.set(key, used + bytes);
    return true;
  }

  /** Whether `bytes` more would exceed `key`'s quota (charges nothing). */
  wouldExceed(key: string, bytes: number): boolean {
    return (this.used.get(key) ?? 0) + bytes > this.quotaBytes;
  }

  usedBy(key: string): number {
    return this.used.get(key) ?? 0;
  }
}
