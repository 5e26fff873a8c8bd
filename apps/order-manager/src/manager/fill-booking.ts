import { Decimal, InvalidOrderTransition, type OrderEvent, type OrderStatus, Trade, transitionOrder } from "@tradekit/domain";
import { DatabaseContext } from "@tradekit/orm";
import type { VenueEvent, VenueFill } from "../venue/execution-venue.js";
import { splitSymbol } from "../venue/paper-wallet.js";
import { updateBotRun, updatePositions } from "./books.js";
import { type BotInfo, logTransition, type ManagerCore, utcDay } from "./manager-core.js";
import { loadLedger } from "./risk-inputs.js";
import { statusData } from "./status-cache.js";
import { loadTracked, type TrackedOrder } from "./tracked-order.js";

interface Change {
  t: TrackedOrder;
  from: OrderStatus;
  to: OrderStatus;
  venueOrderId: string | null;
  reasons: string[];
}

const ZERO = new Decimal(0);

function next(t: TrackedOrder, event: OrderEvent): OrderStatus | null {
  try {
    return transitionOrder(t.order.status, event, t.previous ?? undefined);
  } catch (error) {
    if (error instanceof InvalidOrderTransition) return null;
    throw error;
  }
}

/**
 * Books a batch of venue events in one transaction: each fill not booked before (by venue trade
 * id) through saveTrades, the orders through the status machine, then position snapshots,
 * balances, daily statistics and the bot run; after the commit the order status cache and the
 * AccountCache. A duplicate or impossible event is a logged no-op. Fills of orders this manager
 * never placed are booked (the venue's positions are the truth) and logged as external.
 */
export async function bookEvents(core: ManagerCore, events: readonly VenueEvent[], exId: number): Promise<void> {
  if (events.length === 0) return;
  const now = core.clock.now();
  const bot = [...core.bots.values()].find((b) => b.accountId === exId) as BotInfo;
  const changes = new Map<string, Change>();
  const fresh: { fill: VenueFill; t: TrackedOrder | null }[] = [];
  const touched = new Set<number>();
  let accountChanged = false;
  const balances = new Map<string, Decimal>();
  {
    await using db = await DatabaseContext.open(core.database);
    const fillIds = events.flatMap((e) => (e.type === "fill" ? [e.fill.tradeId] : []));
    const stored = new Set(
      fillIds.length === 0
        ? []
        : (
            await db.execute<{ ex_trade_id: string }>(
              "select ex_trade_id from trades where account_id = $1 and ex_trade_id = any($2::text[])",
              [exId, fillIds],
            )
          ).map((r) => r.ex_trade_id),
    );
    for (const event of events) {
      const cid = event.type === "fill" ? event.fill.clientOrderId : event.clientOrderId;
      if (event.type === "fill" && stored.has(event.fill.tradeId)) {
        core.logger.debug({ tradeId: event.fill.tradeId, clientOrderId: cid }, "fill already booked: ignored");
        continue;
      }
      let t = changes.get(cid)?.t ?? core.book.get(cid) ?? null;
      if (t === null) {
        t = await loadTracked(db, cid);
        if (t) core.book.set(cid, t);
      }
      if (event.type === "fill") stored.add(event.fill.tradeId);
      if (t === null) {
        if (event.type === "fill") {
          fresh.push({ fill: event.fill, t: null });
          await db.reconciliation.logIssue({
            accountId: exId,
            symbol: event.fill.symbol,
            issueType: "external_fill",
            severity: "warning",
            description: `fill ${event.fill.tradeId} of order ${cid}, which this manager never placed, was booked as external`,
            actual: { tradeId: event.fill.tradeId, volume: event.fill.volume.toFixed(), price: event.fill.price.toFixed() },
          });
        }
        continue;
      }
      const change = changes.get(cid) ?? { t, from: t.order.status, to: t.order.status, venueOrderId: null, reasons: [] };
      changes.set(cid, change);
      let to: OrderStatus | null;
      if (event.type === "fill") {
        const f = event.fill;
        t.filled = t.filled.plus(f.volume);
        t.cost = t.cost.plus(f.volume.times(f.price));
        t.fee = t.fee.plus(f.fee);
        to = next(t, t.filled.gte(t.order.volume) ? "fill" : "partial_fill");
        change.venueOrderId = f.venueOrderId;
        fresh.push({ fill: f, t });
      } else {
        to = next(t, event.type === "canceled" ? "cancel" : event.type === "expired" ? "expire" : "reject");
        if (event.venueOrderId) change.venueOrderId = event.venueOrderId;
        const reason = "reason" in event ? event.reason : null;
        if (reason) change.reasons.push(reason);
      }
      if (to === null) {
        core.logger.info(
          { clientOrderId: cid, status: t.order.status, event: event.type },
          `order ${cid}: ${event.type} changes nothing`,
        );
        continue;
      }
      t.order = t.order.transition(event.type === "fill" ? (to === "filled" ? "fill" : "partial_fill") : eventOf(event.type), {
        at: now,
        ...(t.previous ? { previous: t.previous } : {}),
      });
      change.to = to;
    }
    for (const c of changes.values()) {
      if (c.to !== c.from || c.venueOrderId !== null)
        c.t.order = (await db.orders.updateOrderStatus(c.t.order.id as number, c.to, c.venueOrderId)).with({ updatedAt: now });
      if (!c.t.filled.isZero()) await db.orders.updateOrderFinalVolume(c.t.order.id as number, c.t.filled);
    }
    if (fresh.length > 0) {
      const trades = await db.trades.saveTrades(
        fresh.map(({ fill: f, t }) =>
          Trade.create({
            exTradeId: f.tradeId,
            exId,
            exOrderId: f.venueOrderId,
            uid: t?.order.uid ?? bot?.userId ?? null,
            catExId: bot?.catalogExchangeId ?? null,
            symbol: f.symbol,
            orderType: f.orderType,
            side: f.side,
            volume: f.volume,
            price: f.price,
            fee: f.fee,
            feeCurrency: f.feeCurrency,
            time: f.time,
          }),
        ),
        { method: core.options.positionMethod },
      );
      await updatePositions(core, db, exId, trades, bot?.botId ?? null);
      const ledger = await loadLedger(core, db, exId);
      const perDay = new Map<string, { pnl: Decimal; fees: Decimal; n: number }>();
      for (const trade of trades) {
        const roi = trade.result?.roi ?? ZERO;
        ledger.cum = ledger.cum.plus(roi);
        if (ledger.cum.gt(ledger.peak)) ledger.peak = ledger.cum;
        const day = perDay.get(utcDay(trade.time)) ?? { pnl: ZERO, fees: ZERO, n: 0 };
        perDay.set(utcDay(trade.time), { pnl: day.pnl.plus(roi), fees: day.fees.plus(Decimal.max(trade.fee, 0)), n: day.n + 1 });
      }
      for (const [day, d] of perDay) await db.dailyStats.update(exId, { realizedPnl: d.pnl, fees: d.fees, trades: d.n }, day);
      accountChanged = await applyBalances(
        db,
        exId,
        fresh.map((x) => x.fill),
        balances,
        core,
      );
      for (const x of fresh) if (x.t?.order.botId) touched.add(x.t.order.botId);
      for (const botId of touched) await updateBotRun(db, botId);
    }
    await db.commit();
  }
  const entries = [];
  for (const c of changes.values()) {
    if (c.reasons.length > 0) c.t.reasons = c.reasons;
    if (c.to !== c.from) logTransition(core, c.t, c.from, c.to, c.reasons.join("; ") || describe(c));
    entries.push({
      exchange: c.t.order.exchange,
      clientOrderId: c.t.order.clientOrderId,
      status: c.t.order.status,
      data: { ...statusData(c.t, now) },
    });
  }
  core.counters.fills = (core.counters.fills ?? 0) + fresh.length;
  await core.status.write(entries);
  if (accountChanged) await writeAccountCache(core, exId, balances);
}

const eventOf = (type: "canceled" | "expired" | "rejected"): OrderEvent =>
  type === "canceled" ? "cancel" : type === "expired" ? "expire" : "reject";

function describe(c: Change): string {
  return c.to === "filled" || c.to === "partially_filled" ? `filled ${c.t.filled} of ${c.t.order.volume}` : c.to;
}

/** Moves the account's balances by the fills; a currency that would go below zero is left to reconciliation. */
async function applyBalances(
  db: DatabaseContext,
  exId: number,
  fills: readonly VenueFill[],
  out: Map<string, Decimal>,
  core: ManagerCore,
): Promise<boolean> {
  const current = new Map((await db.balances.getByAccount(exId)).map((b) => [b.currency, b.total]));
  const delta = new Map<string, Decimal>();
  const add = (c: string, v: Decimal) => delta.set(c, (delta.get(c) ?? ZERO).plus(v));
  for (const f of fills) {
    const [base, quote] = splitSymbol(f.symbol);
    const sign = f.side === "buy" ? 1 : -1;
    add(base, f.volume.times(sign));
    add(quote, f.volume.times(f.price).times(-sign));
    add(f.feeCurrency, f.fee.neg());
  }
  const rows = [];
  for (const [currency, d] of delta) {
    const total = (current.get(currency) ?? ZERO).plus(d);
    if (total.isNeg()) {
      core.logger.warn({ exId, currency, total: total.toFixed() }, "a balance would go below zero; left to the reconciliation");
      continue;
    }
    rows.push({ accountId: exId, currency, free: total, locked: 0, total, time: core.clock.now() });
    current.set(currency, total);
  }
  await db.balances.upsertMany(rows);
  for (const [c, v] of current) out.set(c, v);
  return rows.length > 0;
}

/** Mirrors the account's balances and positions into the AccountCache (after the commit). */
export async function writeAccountCache(core: ManagerCore, exId: number, balances: ReadonlyMap<string, Decimal>): Promise<void> {
  try {
    await core.accounts.upsertAccount(
      exId,
      Object.fromEntries([...balances].map(([c, total]) => [c, { free: total, used: 0, total }])),
    );
    let positions: Awaited<ReturnType<DatabaseContext["positions"]["getOpenPositions"]>>;
    {
      await using db = await DatabaseContext.open(core.database);
      positions = await db.positions.getOpenPositions(exId);
      await db.commit();
    }
    if (positions.length > 0)
      await core.accounts.upsertPositions(
        exId,
        positions.map((p) => ({
          symbol: p.position.symbol,
          volume: p.position.volume,
          avgPrice: p.position.avgPrice,
          realizedPnl: p.position.realizedPnl,
        })),
      );
  } catch (error) {
    core.logger.warn({ err: error, exId }, "AccountCache update failed; the reconciliation writes it again");
  }
}
