// Holds a running pass between batches while its job is paused; a cancel releases it too.

/** What a pass awaits between batches. */
export interface PauseGate {
  /** Resolves at once unless paused; then when resumed, or when the pass's signal aborts. */
  whilePaused(): Promise<void>;
}

export class SwitchablePauseGate implements PauseGate {
  #paused = false;
  #release: (() => void)[] = [];

  constructor(private readonly signal: AbortSignal) {
    signal.addEventListener('abort', () => this.resume(), { once: true });
  }

  get paused(): boolean {
    return this.#paused;
  }

  pause(): void {
    if (!this.signal.aborted) this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    for (const release of this.#release.splice(0)) release();
  }

  whilePaused(): Promise<void> {
    if (!this.#paused) return Promise.resolve();
    return new Promise((resolve) => this.#release.push(resolve));
  }
}
