// Ownership of subscriptions (after VS Code's DisposableStore): whatever subscribes registers its
// undo here, and the owner disposes everything at once. Tests can count what is still registered.

export type Disposer = () => void;

export class DisposableStore {
  private readonly disposers = new Set<Disposer>();
  private disposed = false;

  /** Registers `dispose`; if the store is already disposed, runs it at once. Returns it. */
  add(dispose: Disposer): Disposer {
    if (this.disposed) dispose();
    else this.disposers.add(dispose);
    return dispose;
  }

  /** Runs `dispose` now and forgets it (for a subscription that ends before its owner). */
  release(dispose: Disposer): void {
    if (this.disposers.delete(dispose)) dispose();
  }

  get size(): number {
    return this.disposers.size;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const all = [...this.disposers].reverse();
    this.disposers.clear();
    for (const dispose of all) dispose();
  }
}

/** A set of listeners with a subscribe that returns its own unsubscribe. */
export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  subscribe(listener: (value: T) => void): Disposer {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
