import { reportRows, SYMBOL_HEADERS, symbolRows, TRADE_HEADERS, tradeRows } from "./report-rows.js";
import type { RunReport } from "./run-report.js";

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

/** The report as terminal text: the headline rows, the per-symbol lines, the last trades, the checks. */
export function formatReport(r: RunReport, options: { html?: string | null; lastTrades?: number } = {}): string {
  const rows = reportRows(r);
  const width = Math.max(...rows.map((row) => row.label.length));
  const out: string[] = ["", `== tradekit report: ${r.input.botName}, run ${r.input.runId} ==`, ""];
  for (const row of rows) out.push(`${row.label.padEnd(width)}  ${row.value}`);
  out.push("", "Per symbol", ...table(SYMBOL_HEADERS, symbolRows(r)).map((l) => `  ${l}`));
  const trades = tradeRows(r);
  const last = options.lastTrades ?? 10;
  if (trades.length > 0) {
    out.push(
      "",
      trades.length > last ? `Last ${last} of ${trades.length} closed trades` : "Closed trades",
      ...table(TRADE_HEADERS, trades.slice(-last)).map((l) => `  ${l}`),
    );
  }
  out.push("", "Checks");
  for (const c of r.checks) out.push(`  ${c.ok ? "✓" : "✗"} ${c.name}: ${c.detail}`);
  for (const note of r.input.notes ?? []) out.push(`  · ${note}`);
  if (options.html) out.push("", `HTML report: ${options.html}`);
  out.push("");
  return out.join("\n");
}
