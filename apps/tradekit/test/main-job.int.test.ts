import { rmSync } from "node:fs";
import { computeTradeStatistics, Decimal, type TradeStatistics } from "@tradekit/domain";
import { withDatabase } from "@tradekit/orm";
import { afterAll, describe, expect, it } from "vitest";
import { openBrowser } from "./support/browser.js";
import { fillKey, openStoredData, replayFills, storedCandles, storedRun } from "./support/stored-data.js";
import { type CliRun, freshEnv, reportLines, runTradekit } from "./support/tradekit-cli.js";

// `pnpm start` as a user on a fresh clone runs it: the built CLI, no database or Redis URL, a
// data folder of its own. Then what it printed is checked against what it stored, the page in a
// real browser, a second start on the same folder, and backtests of the same candles.
const { env, home } = freshEnv();
const dataDir = env.TRADEKIT_DATA_DIR as string;
const START = new Decimal(100_000);
let first: CliRun;
let lines: Map<string, string>;

afterAll(() => rmSync(home, { recursive: true, force: true }));

const usdt = (d: Decimal) => `${d.toFixed()} USDT`;
const pct = (d: Decimal) => `${d.toFixed(2)} %`;

/** The period the report printed ("2024-01-01T00:00:00Z to 2024-01-21T23:59:00Z, 30104 bars"). */
function period(text: string): { from: Date; to: Date; bars: number } {
  const m = /^(\S+) to (\S+), (\d+) bars$/.exec(text);
  if (!m) throw new Error(`not a period: ${text}`);
  return { from: new Date(m[1] as string), to: new Date(m[2] as string), bars: Number(m[3]) };
}

function sameStatistics(a: TradeStatistics, b: TradeStatistics): void {
  for (const key of Object.keys(a) as (keyof TradeStatistics)[]) {
    const x = a[key];
    const y = b[key];
    expect(x instanceof Decimal ? x.toFixed() : x, key).toEqual(y instanceof Decimal ? y.toFixed() : y);
  }
}

describe("the main job, pnpm start, on the embedded defaults", () => {
  it("on a fresh data folder with no environment: exit 0, the report in the terminal, the page written", async () => {
    first = await runTradekit(["start", "--progress", "log"], { env, cwd: home, timeoutMs: 300_000 });
    expect(first.code, first.stderr.slice(-3000)).toBe(0);
    expect(first.stdout).toContain("== tradekit report: demo-ma-cross-run-1, run 1 ==");
    lines = reportLines(first.stdout);
    expect(lines.get("Market")).toBe("paper BTC/USDT 1m");
    expect(Number(lines.get("Fills"))).toBeGreaterThan(20);
    expect(Number(lines.get("Trades (closed)"))).toBeGreaterThan(10);
    for (const label of ["Win rate", "Profit factor", "Realized PnL", "Unrealized PnL", "Fees paid", "Max drawdown", "Exposure"])
      expect(lines.get(label), label).toBeDefined();
    expect(first.stdout).toMatch(/Per symbol\n\s+symbol\s+fills/);
    expect(first.stdout).not.toContain("✗");
    expect(first.stdout).toContain(`HTML report: ${dataDir}/reports/demo-ma-cross-run-1.html`);
    // Where the embedded databases are is said, and progress shows as log lines (stderr is no terminal).
    expect(first.logs.some((l) => String(l.msg).includes(`embedded databases in ${dataDir}`))).toBe(true);
    expect(first.logs.filter((l) => /^replay demo-ma-cross-run-1: \d+\/\d+ bars$/.test(String(l.msg))).length).toBeGreaterThan(0);
  }, 330_000);

  it("its numbers are the stored fills replayed through the domain Position, and the stored statistics", async () => {
    const data = await openStoredData(dataDir);
    try {
      const run = await storedRun(data, "demo-ma-cross-run-1");
      const { from, to, bars } = period(lines.get("Candles") as string);
      const candles = await storedCandles(data, "BTC/USDT", from, to);
      expect(candles.length).toBe(bars);
      expect(run.fills.length).toBe(Number(lines.get("Fills")));
      const replay = replayFills(run.fills, candles, START);
      expect(lines.get("Realized PnL")).toBe(usdt(replay.realized));
      expect(lines.get("Unrealized PnL")).toBe(usdt(replay.unrealized));
      expect(lines.get("Total PnL")).toBe(usdt(replay.total));
      expect(lines.get("Fees paid")).toBe(usdt(replay.fees));
      expect(lines.get("Max drawdown")).toMatch(new RegExp(`^${replay.maxDrawdown.toFixed().replace(".", "\\.")} USDT \\(`));
      expect(lines.get("Exposure")).toBe(`${pct(replay.exposurePct)} of bars in the market`);
      // The statistics the database aggregates in SQL are the domain's over the replayed closing fills.
      const domain = computeTradeStatistics(replay.closing);
      sameStatistics(run.statistics, domain);
      expect(lines.get("Trades (closed)")).toBe(String(domain.totalTrades));
      expect(lines.get("Winning / losing")).toBe(`${domain.winningTrades} / ${domain.losingTrades}`);
      expect(lines.get("Win rate")).toBe(pct(domain.winRate));
      expect(lines.get("Profit factor")).toBe(domain.profitFactor?.toFixed(4) ?? "n/a (no losing trade)");
      expect(lines.get("Max drawdown, closed trades")).toBe(usdt(domain.maxDrawdown));
      // One run, recorded by the runner with the same PnL.
      expect(run.runs.map((r) => [r.status, r.totalTrades, r.totalPnl.toFixed()])).toEqual([
        ["stopped", run.fills.length, replay.total.toFixed()],
      ]);
    } finally {
      await data.close();
    }
  }, 120_000);

  it("the page in headless chromium: no console errors, the three charts drawn, the terminal's numbers", async () => {
    const { browser, close } = await openBrowser();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(String(e)));
      const requests: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      await page.setViewport({ width: 1280, height: 1000 });
      await page.goto(`file://${dataDir}/reports/demo-ma-cross-run-1.html`, { waitUntil: "load" });
      await page.waitForSelector("body[data-charts-ready]", { timeout: 60_000 });
      expect(errors).toEqual([]);
      // Offline: nothing but the file itself is fetched.
      expect(requests.filter((u) => !u.startsWith("file://"))).toEqual([]);
      for (const id of ["price-chart", "equity-chart", "drawdown-chart"]) {
        const drawn = await page.$eval(`#${id}`, (el) => {
          let painted = 0;
          let colors = new Set<number>();
          for (const canvas of el.querySelectorAll("canvas")) {
            if (canvas.width === 0 || canvas.height === 0) continue;
            const ctx = canvas.getContext("2d");
            if (!ctx) continue;
            const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
            for (let i = 0; i < px.length; i += 4) {
              const [r, g, b, a] = [px[i] as number, px[i + 1] as number, px[i + 2] as number, px[i + 3] as number];
              if (a === 0 || (r > 245 && g > 245 && b > 245)) continue;
              painted++;
              if (colors.size < 64) colors.add((r << 16) | (g << 8) | b);
            }
          }
          const result = { painted, colors: colors.size };
          colors = new Set();
          return result;
        });
        expect(drawn.painted, `${id}: painted pixels`).toBeGreaterThan(2_000);
        expect(drawn.colors, `${id}: colors`).toBeGreaterThan(3);
      }
      const metrics = await page.$$eval("#metrics tr", (rows) =>
        rows.map((r) => [r.querySelector("th")?.textContent ?? "", r.querySelector("td")?.textContent ?? ""]),
      );
      expect(new Map(metrics as [string, string][])).toEqual(lines);
      const fills = Number(lines.get("Fills"));
      const markers = await page.$eval("#chart-data", (el) => JSON.parse(el.textContent ?? "{}").markers.length as number);
      expect(markers).toBe(fills);
      const tradeRows = await page.$$eval("#trades tbody tr", (rows) => rows.length);
      expect(tradeRows).toBe(Number(lines.get("Trades (closed)")));
    } finally {
      await close();
    }
  }, 120_000);

  it("a second start on the same data folder is a new bot run, and its report is of that run only", async () => {
    const second = await runTradekit(["start", "--json", "--progress", "none", "--no-html"], {
      env,
      cwd: home,
      timeoutMs: 300_000,
    });
    expect(second.code, second.stderr.slice(-3000)).toBe(0);
    const out = JSON.parse(second.stdout);
    expect(out.report.input.botName).toBe("demo-ma-cross-run-2");
    expect(out.report.input.runId).toBe(2);
    expect(out.html).toBeNull();
    // The same seed: every candle already stored, none written again.
    expect(out.candles.inserted).toBe(0);
    expect(out.candles.unchanged).toBe(out.candles.candles);
    const data = await openStoredData(dataDir);
    try {
      const a = await storedRun(data, "demo-ma-cross-run-1");
      const b = await storedRun(data, "demo-ma-cross-run-2");
      expect(out.report.fills).toBe(b.fills.length);
      expect(b.runs).toHaveLength(1);
      // Same candles, same bot settings: the same fills, to the last digit (a replay is deterministic).
      expect(b.fills.map(fillKey)).toEqual(a.fills.map(fillKey));
      expect(`${out.report.totalPnl} USDT`).toBe(lines.get("Total PnL"));
    } finally {
      await data.close();
    }
  }, 330_000);

  it("a backtest twice gives the same trades and PnL, and the paper run of the same candles the same again", async () => {
    const args = ["backtest", "--bot", "demo-ma-cross", "--json", "--progress", "none", "--no-html"];
    const one = await runTradekit(args, { env, cwd: home, timeoutMs: 300_000 });
    expect(one.code, one.stderr.slice(-3000)).toBe(0);
    const two = await runTradekit(args, { env, cwd: home, timeoutMs: 300_000 });
    expect(two.code, two.stderr.slice(-3000)).toBe(0);
    const [x, y] = [JSON.parse(one.stdout), JSON.parse(two.stdout)];
    expect([x.report.input.botName, y.report.input.botName]).toEqual(["demo-ma-cross-backtest-1", "demo-ma-cross-backtest-2"]);
    for (const key of ["fills", "realizedPnl", "unrealizedPnl", "totalPnl", "fees", "maxDrawdown", "exposurePct", "statistics"])
      expect(y.report[key], key).toEqual(x.report[key]);
    expect(`${x.report.totalPnl} USDT`).toBe(lines.get("Total PnL"));
    const data = await openStoredData(dataDir);
    try {
      const paper = (await storedRun(data, "demo-ma-cross-run-1")).fills.map(fillKey);
      const b1 = (await storedRun(data, "demo-ma-cross-backtest-1")).fills.map(fillKey);
      const b2 = (await storedRun(data, "demo-ma-cross-backtest-2")).fills.map(fillKey);
      expect(b1.length).toBeGreaterThan(20);
      expect(b2).toEqual(b1);
      expect(b1).toEqual(paper);
    } finally {
      await data.close();
    }
  }, 600_000);

  it("a bot whose params fail validation: the backtest exits 2 naming the param and its value", async () => {
    const data = await openStoredData(dataDir);
    try {
      await withDatabase(async (db) => {
        const [bot] = await db.execute<{ id: string }>("select id from bots where name = 'demo-ma-cross'");
        const [strategy] = await db.strategies.getBotStrategies(Number(bot?.id));
        await db.strategies.editBotStrategy((strategy as { id: number }).id, { params: { fastPeriod: "ten" } });
      }, data.database);
    } finally {
      await data.close();
    }
    const bad = await runTradekit(["backtest", "--bot", "demo-ma-cross", "--progress", "none", "--no-html"], { env, cwd: home });
    expect(bad.code, bad.stderr.slice(-2000)).toBe(2);
    expect(bad.stderr).toMatch(/tradekit: .*param fastPeriod .*got "ten"/);
    expect(bad.stderr).not.toMatch(/\n\s+at /); // no stack trace without --verbose
  }, 120_000);
});
