/** Runs async work one piece at a time, in call order: the one-writer rule inside a process. */
export class Serial {
  #tail: Promise<unknown> = Promise.resolve();
  #queued = 0;

  /** Runs `work` after everything queued before it has settled; its result or error is the caller's. */
  run<T>(work: () => Promise<T>): Promise<T> {
    this.#queued++;
    const result = this.#tail.then(work, work);
    this.#tail = result.then(
      () => this.#queued--,
      () => this.#queued--,
    );
    return result;
  }

  /** How many pieces of work are queued or running. */
  get queued(): number {
    return this.#queued;
  }
}
