import cliProgress from "cli-progress";
import type { Logger } from "pino";

/** How long work shows progress: a bar (a terminal), pino lines (pipes, CI), or nothing (library default). */
export type ProgressMode = "bar" | "log" | "none";

/** Counts work done out of a known total. */
export interface Progress {
  /** Adds `n` done. */
  tick(n: number): void;
  /** Sets the count done. */
  set(done: number): void;
  stop(): void;
}

/** The progress mode of this process: a bar when stderr is a terminal, lines otherwise. */
export function defaultProgressMode(): ProgressMode {
  return process.stderr.isTTY ? "bar" : "log";
}

/** A progress display for `total` units of `label` ("bars", "rows"): count, rate and the time left. */
export function progressFor(label: string, total: number, mode: ProgressMode, logger: Logger, unit = "rows"): Progress {
  const startedAt = performance.now();
  let done = 0;
  const rate = () => {
    const s = (performance.now() - startedAt) / 1000;
    return s > 0 ? Math.round(done / s) : 0;
  };
  if (mode === "none") return { tick: () => undefined, set: () => undefined, stop: () => undefined };
  if (mode === "bar") {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {value}/{total} ${unit} | {speed} ${unit}/s | ETA {eta_formatted}`,
        stream: process.stderr,
        hideCursor: true,
        etaBuffer: 200,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { speed: 0 });
    let lastDraw = 0;
    const draw = () => {
      const now = performance.now();
      // cli-progress redraws on its own timer too; updating on every unit would cost more than the work.
      if (now - lastDraw < 100 && done < total) return;
      lastDraw = now;
      bar.update(done, { speed: rate() });
    };
    return {
      tick(n) {
        done += n;
        draw();
      },
      set(n) {
        done = n;
        draw();
      },
      stop: () => {
        bar.update(done, { speed: rate() });
        bar.stop();
      },
    };
  }
  let lastLog = 0;
  const line = () =>
    logger.info(
      {
        what: label,
        done,
        total,
        [`${unit}PerSecond`]: rate(),
        etaSeconds: rate() > 0 ? Math.ceil((total - done) / rate()) : null,
      },
      `${label}: ${done}/${total} ${unit}`,
    );
  const maybe = () => {
    const now = performance.now();
    // At most one line a second, and the last one, so long work does not flood the log.
    if (now - lastLog >= 1000 || done >= total) {
      lastLog = now;
      line();
    }
  };
  return {
    tick(n) {
      done += n;
      maybe();
    },
    set(n) {
      done = n;
      maybe();
    },
    stop() {
      if (done < total) line();
    },
  };
}
