// Hocuspocus' Redis extension as the server uses it: the same channels, messages and identifiers
// (an instance running the stock extension still understands it), with two changes found with
// `npm run bench -- --only sync` (2 × 100 clients on PostgreSQL + Redis):
//
// - A change travels in one hop. The stock extension publishes only the changed document's state
//   vector (SyncStep1); the other instance answers with its own, and only the third message carries
//   the update — three Redis round trips and three event-loop turns per keystroke. Here the update
//   itself is published at once, as a SyncStep2 message (applied with the extension's transaction
//   origin, so the receiver neither publishes it again nor takes it for a client's: persistence.ts
//   stores it as relayed). The state vector still follows, at most every `HEAL_MS` per document and
//   after the last change, so that an instance that missed a message (Redis' publish/subscribe
//   delivers at most once, e.g. across a reconnect) still converges as before.
// - After the subscriber reconnects, every loaded document's state vector is published. What other
//   instances published while this one's subscription was down never arrives (the stock extension
//   recovers it only with the document's next change); the answers to these state vectors carry it,
//   and the other instances' own state vectors in return take back what they missed of ours.
// - No Redis lock around Hocuspocus' debounced onStoreDocument. The stock extension takes one so
//   that only one instance runs the store hooks, but this server stores nothing there
//   (persistence.ts appends every update before it is acknowledged; compaction takes PostgreSQL's
//   advisory lock per document), so the lock was a Redis round trip and CPU for nothing.
import { Redis } from '@hocuspocus/extension-redis';
import { OutgoingMessage, type onChangePayload } from '@hocuspocus/server';
import * as encoding from 'lib0/encoding';

/** y-protocols' message type of a sync step 2 (an update the receiver applies). */
const MESSAGE_YJS_SYNC_STEP_2 = 1;
/** The state vector follows a document's changes at most this often. */
const HEAL_MS = 250;

export class RedisRelay extends Redis {
  private readonly heals = new Map<string, NodeJS.Timeout>();

  constructor(configuration: ConstructorParameters<typeof Redis>[0]) {
    super(configuration);
    this.sub.on('ready', () => {
      this.resync().catch(() => {}); // a Redis failure is logged by the connection's error listener
    });
  }

  /** Publishes every loaded document's state vector, once the subscriptions are back. */
  private async resync(): Promise<void> {
    // Undefined until the server configured the extension; nothing is loaded at the first 'ready'.
    const documents = [...(this.instance?.documents ?? new Map())];
    if (documents.length === 0) return;
    // ioredis subscribes again on its own right after 'ready'; replies on this connection come in
    // order, so once this answers, those subscriptions are in place too.
    await this.sub.subscribe(...documents.map(([name]) => this.channel(name)));
    for (const [name, document] of documents) await this.publish(name, new OutgoingMessage(name).createSyncMessage().writeFirstSyncStepFor(document));
  }

  /** The document's channel, as the stock extension names it. */
  private channel(documentName: string): string {
    return `${this.configuration.prefix}:${documentName}`;
  }

  /** Publishes a message on the document's channel, prefixed with this instance's identifier. */
  private async publish(documentName: string, message: OutgoingMessage): Promise<void> {
    await this.pub.publish(this.channel(documentName), Buffer.concat([this.messagePrefix, message.toUint8Array()]));
  }

  override async onChange(data: onChangePayload): Promise<void> {
    if (data.transactionOrigin === this.redisTransactionOrigin) return;
    const message = new OutgoingMessage(data.documentName).createSyncMessage();
    encoding.writeVarUint(message.encoder, MESSAGE_YJS_SYNC_STEP_2);
    encoding.writeVarUint8Array(message.encoder, data.update);
    const scheduled = this.heals.has(data.documentName);
    if (!scheduled) {
      const timer = setTimeout(() => {
        this.heals.delete(data.documentName);
        if (this.instance.documents.get(data.documentName) !== data.document) return; // unloaded meanwhile
        // The stock onChange: publishes the document's state vector.
        super.onChange(data).catch(() => {}); // a Redis failure is logged by the connection's error listener
      }, HEAL_MS);
      timer.unref();
      this.heals.set(data.documentName, timer);
    }
    await this.publish(data.documentName, message);
  }

  override async onStoreDocument(): Promise<void> {}

  override async onDestroy(): Promise<void> {
    for (const timer of this.heals.values()) clearTimeout(timer);
    this.heals.clear();
    await super.onDestroy();
  }
}
