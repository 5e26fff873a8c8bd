import type { LoadedBot } from "../bot-loader.js";
import type { RunnerStatus, RunSummary } from "../runner-options.js";
import type { StrategyDefinition } from "../strategy-definition.js";

/** Writes one line of human output. */
export type Write = (line: string) => void;

/** The strategies a runner can run, with their params. */
export function printStrategies(write: Write, definitions: readonly StrategyDefinition<never>[]): void {
  for (const d of definitions) {
    write(`${d.name}  ${d.description}`);
    for (const [name, p] of Object.entries(d.params))
      write(`  ${name.padEnd(16)} ${p.expects}; default ${p.defaultValue ?? "(none)"}: ${p.description}`);
  }
}

/** What `check` found: the bot, each strategy with its effective params and feeds. */
export function printCheck(write: Write, loaded: LoadedBot): void {
  const b = loaded.bot;
  write(
    `bot ${b.name} (${b.id}): ${b.dryRun ? "dry run" : `trades on ${loaded.exchange} (account ${loaded.account?.id})`}; params valid`,
  );
  for (const s of loaded.strategies) {
    write(`  ${s.details.strategyName} (bot strategy ${s.details.id})`);
    write(
      `    params: ${Object.entries(s.details.effectiveParams)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ")}`,
    );
    write(`    feeds:  ${s.feeds.map(({ feed }) => `${feed.exchange}:${feed.symbol}:${feed.timeframe.name}`).join(", ")}`);
  }
}

/** One line per runner status change. */
export function printStatus(write: Write, status: RunnerStatus): void {
  const failed = status.strategies.filter((s) => s.state === "error").map((s) => `${s.name} (${s.error})`);
  write(`${status.state}${status.reason ? `: ${status.reason}` : ""}${failed.length ? ` [stopped: ${failed.join("; ")}]` : ""}`);
}

/** The end of a run. */
export function printSummary(write: Write, summary: RunSummary): void {
  write(
    `run ${summary.runId ?? "-"} ${summary.status}: ${summary.fills} fills, PnL ${summary.pnl}, max drawdown ${summary.maxDrawdown}`,
  );
}

/** What BotCache and the database say about a bot. */
export function printBotStatus(
  write: Write,
  s: {
    botId: number;
    statuses: Record<string, string> | null;
    heartbeat: Date | null;
    running: { id: number; startedAt: Date } | null;
  },
): void {
  write(`bot ${s.botId}: ${s.statuses?.bot ?? "no status"}${s.statuses?.["bot:reason"] ? ` (${s.statuses["bot:reason"]})` : ""}`);
  write(`  heartbeat: ${s.heartbeat ? s.heartbeat.toISOString() : "none (not running, or dead)"}`);
  write(`  run: ${s.running ? `${s.running.id} since ${s.running.startedAt.toISOString()}` : "none running"}`);
  for (const [field, value] of Object.entries(s.statuses ?? {})) if (field.startsWith("feed:")) write(`  ${field}: ${value}`);
}
