import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Timeframe } from "@tradekit/domain";
import { reportRows, SYMBOL_HEADERS, symbolRows, TRADE_HEADERS, tradeRows } from "../report-rows.js";
import type { RunReport } from "../run-report.js";
import { PAGE_SCRIPT } from "./page-script.js";

let chartsScript: string | null = null;

/** lightweight-charts' standalone build (it defines window.LightweightCharts), read once from the installed package. */
export function chartLibrary(): string {
  if (chartsScript === null) {
    const pkg = createRequire(import.meta.url).resolve("lightweight-charts/package.json");
    chartsScript = readFileSync(join(dirname(pkg), "dist", "lightweight-charts.standalone.production.js"), "utf8");
  }
  return chartsScript;
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
// Inside <script>, only "</script" (and "<!--") can end it early.
const inlineScript = (s: string): string => s.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
const jsonForScript = (v: unknown): string => JSON.stringify(v).replace(/</g, "\\u003c");

function htmlTable(id: string, headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`).join("\n");
  return `<table id="${id}" class="grid"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** The chart payload: bars, equity, drawdown and one marker per fill on the bar that holds it. */
function chartPayload(r: RunReport): Record<string, unknown> {
  const tf = Timeframe.parse(r.chart.timeframe);
  const bucket = (ms: number) => Math.floor(tf.bucketStart(ms).getTime() / 1000);
  const markers = r.marks
    .filter((m) => m.symbol === r.input.symbol)
    .map((m) => ({
      time: bucket(m.time.getTime()),
      position: m.side === "buy" ? "belowBar" : "aboveBar",
      color: m.side === "buy" ? "#1b7f3b" : "#c62828",
      shape: m.side === "buy" ? "arrowUp" : "arrowDown",
      text: "",
    }));
  return {
    bars: r.chart.bars,
    equity: r.chart.equity,
    drawdown: r.chart.drawdown,
    markers,
    startingBalance: r.input.startingBalance.toNumber(),
  };
}

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2933; margin: 24px auto; max-width: 1200px; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 28px 0 8px; }
.sub { color: #52606d; margin-bottom: 16px; }
table.metrics { border-collapse: collapse; } table.metrics th { text-align: left; font-weight: 600; padding: 3px 18px 3px 0; }
table.metrics td { font-variant-numeric: tabular-nums; padding: 3px 0; }
table.grid { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
table.grid th, table.grid td { border-bottom: 1px solid #e4e7eb; padding: 4px 8px; text-align: right; white-space: nowrap; }
table.grid th:first-child, table.grid td:first-child { text-align: left; }
.chart { height: 360px; border: 1px solid #e4e7eb; border-radius: 6px; }
.chart.small { height: 220px; }
.ok { color: #1b7f3b; } .bad { color: #c62828; }
.trades { max-height: 480px; overflow: auto; }
`;

/** The report as one HTML page that opens offline: the chart library and the data are inlined. */
export function renderHtmlReport(r: RunReport): string {
  const title = `tradekit report: ${r.input.botName}, run ${r.input.runId}`;
  const metrics = reportRows(r)
    .map((row) => `<tr data-metric="${row.key}"><th>${escapeHtml(row.label)}</th><td>${escapeHtml(row.value)}</td></tr>`)
    .join("\n");
  const checks = r.checks
    .map((c) => `<li class="${c.ok ? "ok" : "bad"}">${c.ok ? "✓" : "✗"} ${escapeHtml(c.name)}: ${escapeHtml(c.detail)}</li>`)
    .join("\n");
  const notes = (r.input.notes ?? []).map((n) => `<li>${escapeHtml(n)}</li>`).join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<div class="sub">${escapeHtml(`${r.input.exchange} ${r.input.symbol} ${r.input.timeframe}; the price chart is drawn in ${r.chart.timeframe} bars`)}</div>
<table class="metrics" id="metrics">
${metrics}
</table>
<h2>Price, entries and exits</h2>
<div id="price-chart" class="chart"></div>
<h2>Equity (${escapeHtml(r.input.quoteCurrency)}, marked at every close)</h2>
<div id="equity-chart" class="chart small"></div>
<h2>Drawdown from the running peak</h2>
<div id="drawdown-chart" class="chart small"></div>
<h2>Per symbol</h2>
${htmlTable("symbols", SYMBOL_HEADERS, symbolRows(r))}
<h2>Closed trades (${r.closedTrades.length})</h2>
<div class="trades">${htmlTable("trades", TRADE_HEADERS, tradeRows(r))}</div>
<h2>Checks</h2>
<ul id="checks">
${checks}
${notes}
</ul>
<script>${inlineScript(chartLibrary())}</script>
<script type="application/json" id="chart-data">${jsonForScript(chartPayload(r))}</script>
<script>${inlineScript(PAGE_SCRIPT)}</script>
</body>
</html>
`;
}

/** Writes the page to `path` (folders created) and returns the path. */
export async function writeHtmlReport(r: RunReport, path: string): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, renderHtmlReport(r), "utf8");
  return path;
}
