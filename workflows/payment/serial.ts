// Temporal runs Update handlers concurrently; money movements must not interleave. Each
// operation waits for the one before it, so it sees every earlier result when it re-checks.
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.tail.then(operation);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
