import { Position, type Trade } from "@tradekit/domain";
import { DatabaseContext } from "@tradekit/orm";
import type { ManagerCore } from "./manager-core.js";

/** The Position of a stream replayed from every stored fill: what a snapshot must equal. */
export async function replayPosition(db: DatabaseContext, exId: number, symbol: string, core: ManagerCore): Promise<Position> {
  const position = new Position({ symbol, exId, method: core.options.positionMethod });
  for (const t of await db.trades.getTrades({ exId, symbol }))
    position.addTrade({ volume: t.signedVolume, price: t.price, fee: t.fee });
  return position;
}

/** A position a booking wrote: what the AccountCache mirrors. */
export type BookedPosition = Position;

/**
 * Moves each stream's position snapshot on by the fills just saved. The snapshot continues the
 * stored Position only when these fills are the stream's last (none older than the newest fill
 * stored before them, `lastTimes`; saveTrades puts new fills after stored ones of the same time),
 * added in the stream's (time, id) order, and when the continued Position ends where saveTrades'
 * own replay ended. A late fill (saveTrades recomputed the fills after it, and FIFO may close
 * other lots), another writer on the stream or a snapshot of another method rebuilds it from
 * every stored fill. Returns the positions written.
 */
export async function updatePositions(
  core: ManagerCore,
  db: DatabaseContext,
  exId: number,
  trades: readonly Trade[],
  lastTimes: ReadonlyMap<string, Date | null>,
  botId: number | null,
): Promise<Position[]> {
  const bySymbol = new Map<string, Trade[]>();
  for (const t of trades) bySymbol.set(t.symbol, [...(bySymbol.get(t.symbol) ?? []), t]);
  const written: Position[] = [];
  for (const [symbol, unsorted] of bySymbol) {
    const list = [...unsorted].sort((a, b) => a.time.getTime() - b.time.getTime() || (a.id ?? 0) - (b.id ?? 0));
    const kept = core.states.position(exId, symbol);
    const snapshot = kept === undefined ? ((await db.positions.getPosition(exId, symbol))?.position ?? null) : kept;
    const lastStored = lastTimes.get(symbol) ?? null;
    const late = lastStored !== null && (list[0] as Trade).time.getTime() < lastStored.getTime();
    let position: Position | null = null;
    if (late) core.logger.info({ exId, symbol }, "a fill older than booked ones: position rebuilt from the stored fills");
    else if (snapshot !== null && snapshot.method === core.options.positionMethod) {
      position = snapshot;
      for (const t of list) position.addTrade({ volume: t.signedVolume, price: t.price, fee: t.fee });
      const last = list.at(-1)?.result;
      const same =
        last?.curVolume.eq(position.volume) && last.curAvgCost.eq(position.openCost) && last.curFee.eq(position.openFee);
      if (last && !same) {
        core.logger.warn({ exId, symbol }, "position snapshot did not match the stored fills; rebuilt from them");
        position = null;
      }
    }
    position ??= await replayPosition(db, exId, symbol, core);
    await db.positions.updatePosition(position, { botId });
    written.push(position);
  }
  return written;
}

/**
 * Sets the running bot runs' totals (fill count, realized PnL, max drawdown of the PnL curve)
 * of the bots whose fills were booked since the last time. Off the booking's path: the totals
 * are an aggregate over the run's fills, kept current within a second, and exact after drain()
 * and stop(). A run's fills are the bot's fills from the run's start on (orm: started_at is the
 * server's now(), so a replay's older fill times are not counted; see the README).
 */
export async function flushRunTotals(core: ManagerCore): Promise<void> {
  if (core.dirtyRuns.size === 0) return;
  const bots = [...core.dirtyRuns];
  core.dirtyRuns.clear();
  try {
    await using db = await DatabaseContext.open(core.database);
    for (const botId of bots) await updateBotRun(db, botId);
    await db.commit();
  } catch (error) {
    for (const botId of bots) core.dirtyRuns.add(botId);
    throw error;
  }
}

/** Sets the running bot run's totals from its fills (count, realized PnL, max drawdown of the PnL curve). */
async function updateBotRun(db: DatabaseContext, botId: number): Promise<void> {
  const run = await db.botRuns.findRunning(botId);
  if (!run) return;
  const [row] = await db.execute<{ n: number; pnl: string; dd: string }>(
    `with c as (select time, id, roi, sum(coalesce(roi, 0)) over (order by time, id) as cum from trades where bot_id = $1 and time >= $2),
       p as (select cum, greatest(0, max(cum) over (order by time, id)) as peak from c)
     select (select count(*) from c)::int as n, (select coalesce(sum(roi), 0) from c)::text as pnl,
       coalesce(max(peak - cum), 0)::text as dd from p`,
    [botId, run.startedAt],
  );
  await db.botRuns.updateStatistics(run.id, {
    totalTrades: Number(row?.n ?? 0),
    totalPnl: row?.pnl ?? "0",
    maxDrawdown: row?.dd ?? "0",
  });
}
