import { DatabaseContext } from "@tradekit/orm";
import { readKillSwitch, type TradingState } from "../risk/trading-state.js";
import type { ManagerCore } from "./manager-core.js";
import type { ReconciliationReport } from "./reconciler.js";

/** What `status()` (and the `status` command) reports. */
export interface OrderManagerStatus {
  state: "stopped" | "waiting" | "reconciling" | "running" | "stopping";
  managerId: string;
  /** True while this manager holds every bot's lease. */
  owned: boolean;
  bots: { botId: number; accountId: number; exchange: string; killSwitch: TradingState; killSwitchReason: string | null }[];
  ordersByStatus: Record<string, number>;
  openPositions: { accountId: number; symbol: string; volume: string; avgPrice: string; realizedPnl: string }[];
  lastReconciliation: ReconciliationReport | null;
  stream: { pending: number | null; lastLagMs: number | null; requests: number; duplicates: number };
  health: { cache: string; database: string; lastError: string | null };
  /** Venue events waiting to be booked. */
  inbox: number;
  /** Transitions and other counts since start. */
  counters: Record<string, number>;
}

/** Reads the status of `core`'s bots from the database and the stream. */
export async function readStatus(
  core: ManagerCore,
  live: Pick<OrderManagerStatus, "state" | "managerId" | "owned" | "lastReconciliation" | "health" | "inbox"> & {
    lastLagMs: number | null;
  },
): Promise<OrderManagerStatus> {
  const botIds = [...core.bots.keys()];
  const bots: OrderManagerStatus["bots"] = [];
  const ordersByStatus: Record<string, number> = {};
  const openPositions: OrderManagerStatus["openPositions"] = [];
  {
    await using db = await DatabaseContext.open(core.database);
    for (const bot of core.bots.values()) {
      const ks = await readKillSwitch(db, { accountId: bot.accountId, botId: bot.botId });
      bots.push({
        botId: bot.botId,
        accountId: bot.accountId,
        exchange: bot.exchange,
        killSwitch: ks.state,
        killSwitchReason: ks.reason,
      });
    }
    const rows = await db.execute<{ status: string; n: number }>(
      "select status, count(*)::int as n from orders where bot_id = any($1::int[]) group by status order by status",
      [botIds],
    );
    for (const r of rows) ordersByStatus[r.status] = Number(r.n);
    for (const exId of new Set([...core.bots.values()].map((b) => b.accountId)))
      for (const p of await db.positions.getOpenPositions(exId))
        if (!p.position.volume.isZero())
          openPositions.push({
            accountId: exId,
            symbol: p.position.symbol,
            volume: p.position.volume.toFixed(),
            avgPrice: p.position.avgPrice.toFixed(),
            realizedPnl: p.position.realizedPnl.toFixed(),
          });
    await db.commit();
  }
  const pending = await core.orders.pendingNewOrders().catch(() => null);
  return {
    state: live.state,
    managerId: live.managerId,
    owned: live.owned,
    bots,
    ordersByStatus,
    openPositions,
    lastReconciliation: live.lastReconciliation,
    stream: {
      pending,
      lastLagMs: live.lastLagMs,
      requests: core.counters.requests ?? 0,
      duplicates: core.counters.duplicates ?? 0,
    },
    health: live.health,
    inbox: live.inbox,
    counters: { ...core.counters },
  };
}
