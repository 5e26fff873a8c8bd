import type { ImportResult } from "../import/import-files.js";
import { rowPlace } from "../import/import-rejected-error.js";
import type { InitResult } from "../init/init.js";
import type { MigrateResult } from "../init/migrate-databases.js";
import type { StepResult } from "../init/step-result.js";
import type { VerifyReport } from "../verify/verify.js";

/** Where the human output goes (stdout). */
export type Write = (line: string) => void;

const MARK = { pass: "✓", fail: "✗", skip: "–" } as const;

function steps(write: Write, list: readonly StepResult[]): void {
  for (const s of list) write(`${s.changed ? "+" : "✓"} ${s.step}: ${s.message}`);
}

/** The lines of an init: where, then one line per step (+ changed, ✓ already up to date), then the demo's ids. */
export function printInit(write: Write, r: InitResult): void {
  write(`trading database: ${r.trading}`);
  write(`candle store:     ${r.ohlcv}`);
  if (r.dataDir) write(`data folder:      ${r.dataDir}`);
  steps(write, r.steps);
  if (r.demo) {
    const d = r.demo;
    write(
      `demo: user ${d.userId}, exchange account ${d.exchangeAccountId}, bot ${d.botId}, bot strategy ${d.botStrategyId}, feed(s) ${d.feedIds.join(", ")} (${d.exchange} ${d.symbol} ${d.timeframe})`,
    );
  }
  write(r.changed ? "init done" : "init done: everything was already up to date");
}

/** The lines of a migrate. */
export function printMigrate(write: Write, r: MigrateResult): void {
  steps(write, r.steps);
}

/** One line per check: ✓ passed, ✗ failed (with what to run), – skipped. */
export function printVerify(write: Write, r: VerifyReport): void {
  for (const c of r.checks) write(`${MARK[c.status]} ${c.title}: ${c.detail}${c.fix ? ` -> ${c.fix}` : ""}`);
  const failed = r.checks.filter((c) => c.status === "fail").length;
  write(failed === 0 ? "all checks passed" : `${failed} check(s) failed`);
}

/** Per file: read, inserted, updated, already present, rejected, and the first rejected rows' reasons. */
export function printImport(write: Write, r: ImportResult): void {
  for (const f of r.files) {
    const updated = r.kind === "candles" ? `, ${f.updated} updated` : "";
    write(
      `${f.file} (${f.format}): ${f.read} read, ${f.inserted} inserted${updated}, ${f.alreadyPresent} already present, ${f.rejected} rejected`,
    );
    for (const p of f.problems) write(`  rejected ${rowPlace(p)}: ${p.reason}`);
    if (f.rejected > f.problems.length) write(`  ... and ${f.rejected - f.problems.length} more rejected`);
  }
  if (r.files.length > 1) {
    const t = r.totals;
    write(`total: ${t.read} read, ${t.inserted} inserted, ${t.alreadyPresent} already present, ${t.rejected} rejected`);
  }
}
