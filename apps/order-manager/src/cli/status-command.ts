import { DatabaseContext } from "@tradekit/orm";
import { readKillSwitch } from "../risk/trading-state.js";
import { openRuntime } from "./runtime.js";

/** `tradekit-order-manager status`: what the database and the cache say about the managed bots. */
export async function statusCommand(options: { bot?: string[]; json?: boolean }): Promise<void> {
  const rt = await openRuntime({ logLevel: "warn" });
  try {
    const report: Record<string, unknown>[] = [];
    {
      await using db = await DatabaseContext.open(rt.database);
      const ids = options.bot?.length ? options.bot.map(Number) : (await db.bots.getActiveSummary()).map((b) => b.botId);
      for (const botId of ids) {
        const bot = await db.bots.getById(botId);
        const rows = await db.execute<{ status: string; n: number }>(
          "select status, count(*)::int as n from orders where bot_id = $1 group by status order by status",
          [botId],
        );
        const ks = await readKillSwitch(db, { botId, ...(bot.accountId ? { accountId: bot.accountId } : {}) });
        const positions = bot.accountId ? await db.positions.getOpenPositions(bot.accountId) : [];
        const issues = bot.accountId ? await db.reconciliation.getUnresolved({ accountId: bot.accountId, limit: 20 }) : [];
        report.push({
          botId,
          name: bot.name,
          accountId: bot.accountId,
          ordersByStatus: Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])),
          killSwitch: { state: ks.state, reason: ks.reason, since: ks.since?.toISOString() ?? null },
          openPositions: positions
            .filter((p) => !p.position.volume.isZero())
            .map((p) => ({
              symbol: p.position.symbol,
              volume: p.position.volume.toFixed(),
              avgPrice: p.position.avgPrice.toFixed(),
            })),
          unresolvedIssues: issues.map((i) => `${i.issueType}: ${i.description}`),
          manager: await rt.botCache.getBot(botId),
        });
      }
      await db.commit();
    }
    const pending = await rt.orders.pendingNewOrders();
    if (options.json) console.log(JSON.stringify({ bots: report, stream: { pending } }, null, 2));
    else {
      for (const b of report) {
        const manager = b.manager as Record<string, string> | null;
        console.log(`bot ${b.botId} (${b.name}) on account ${b.accountId}`);
        console.log(`  kill switch: ${(b.killSwitch as { state: string }).state}`);
        console.log(`  orders: ${JSON.stringify(b.ordersByStatus)}`);
        console.log(`  open positions: ${JSON.stringify(b.openPositions)}`);
        console.log(
          `  manager: ${manager?.orderManager ?? "none seen"} (${manager?.orderManagerState ?? "?"}), last reconciliation ${manager?.lastReconciliation || "never"}`,
        );
        for (const i of b.unresolvedIssues as string[]) console.log(`  unresolved: ${i}`);
      }
      console.log(`request stream: ${pending} taken and not yet acknowledged`);
    }
  } finally {
    await rt.close();
  }
}
