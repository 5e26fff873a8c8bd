import {
  Decimal,
  InvalidOrderTransition,
  isTerminalStatus,
  type OrderEvent,
  type OrderStatus,
  Trade,
  transitionOrder,
} from "@tradekit/domain";
import { DatabaseContext } from "@tradekit/orm";
import type { VenueFill } from "../venue/execution-venue.js";
import { splitSymbol } from "../venue/paper-wallet.js";
import { type BookedPosition, updatePositions } from "./books.js";
import { type BookedEvent, type BotInfo, type Ledger, logTransition, type ManagerCore, utcDay } from "./manager-core.js";
import { type OrderRowChange, writeOrderChanges } from "./order-rows.js";
import { loadLedger } from "./risk-inputs.js";
import { statusData } from "./status-cache.js";
import { joinReasons, loadTracked, type TrackedOrder } from "./tracked-order.js";

interface Change {
  /** A working copy, written back to `original` (the book's) only after the commit. */
  t: TrackedOrder;
  original: TrackedOrder;
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
 * The venue trade ids of `fillIds` already stored on account `exId`, and per symbol the time of
 * the stream's newest stored fill (null when it has none) — one round trip.
 */
async function readStored(
  db: DatabaseContext,
  exId: number,
  fillIds: readonly string[],
  symbols: readonly string[],
): Promise<{ stored: Set<string>; lastTimes: Map<string, Date | null> }> {
  const rows = await db.execute<{ ex_trade_id: string | null; symbol: string | null; last_time: Date | string | null }>(
    `select ex_trade_id, null::text as symbol, null::timestamptz as last_time
       from trades where account_id = $1 and ex_trade_id = any($2::text[])
     union all
     select null, s.symbol, (select max(t.time) from trades t where t.account_id = $1 and t.symbol = s.symbol)
       from unnest($3::text[]) as s(symbol)`,
    [exId, fillIds, symbols],
  );
  const stored = new Set<string>();
  const lastTimes = new Map<string, Date | null>();
  for (const r of rows) {
    if (r.ex_trade_id !== null) stored.add(r.ex_trade_id);
    else if (r.symbol !== null) lastTimes.set(r.symbol, r.last_time === null ? null : new Date(r.last_time));
  }
  return { stored, lastTimes };
}

/**
 * Books a batch of events in one transaction: venue acknowledgements and refusals of submissions,
 * each fill not booked before (by venue trade id) through saveTrades, cancels and expiries, every
 * order through the status machine; then position snapshots, balances and daily statistics;
 * after the commit the order status cache and the AccountCache (the bot runs' totals follow
 * within a second: flushRunTotals). A duplicate or
 * impossible event is a logged no-op (an acknowledgement after the fill it led to, say). Fills of
 * orders this manager never placed are booked (the venue's positions are the truth) and logged as
 * external. Orders that ended leave the manager's book.
 */
export async function bookEvents(core: ManagerCore, events: readonly BookedEvent[], exId: number): Promise<void> {
  if (events.length === 0) return;
  const now = core.clock.now();
  const bot = [...core.bots.values()].find((b) => b.accountId === exId) as BotInfo;
  const changes = new Map<string, Change>();
  const fresh: { fill: VenueFill; t: TrackedOrder | null }[] = [];
  const touched = new Set<number>();
  let accountChanged = false;
  const balances = new Map<string, Decimal>();
  let positions: BookedPosition[] = [];
  let ledgerKept: Ledger | null = null;
  const pnlByDay = new Map<string, Decimal>();
  let ledgerAfter: Ledger | null = null;
  {
    await using db = await DatabaseContext.open(core.database);
    const fills = events.flatMap((e) => (e.type === "fill" ? [e.fill] : []));
    const { stored, lastTimes } =
      fills.length === 0
        ? { stored: new Set<string>(), lastTimes: new Map<string, Date | null>() }
        : await readStored(
            db,
            exId,
            fills.map((f) => f.tradeId),
            [...new Set(fills.map((f) => f.symbol))],
          );
    for (const event of events) {
      const cid = event.type === "fill" ? event.fill.clientOrderId : event.clientOrderId;
      if (event.type === "fill" && stored.has(event.fill.tradeId)) {
        core.logger.debug({ tradeId: event.fill.tradeId, clientOrderId: cid }, "fill already booked: ignored");
        continue;
      }
      let change = changes.get(cid);
      const original = change?.original ?? core.book.get(cid) ?? (await loadTracked(db, cid));
      if (event.type === "fill") stored.add(event.fill.tradeId);
      if (original === null) {
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
      if (change === undefined) {
        // A booking that fails (the database went away) must leave the book as it was: it works on a copy.
        const copy = { ...original, reasons: [...original.reasons] };
        change = { t: copy, original, from: copy.order.status, to: copy.order.status, venueOrderId: null, reasons: [] };
        changes.set(cid, change);
      }
      const t = change.t;
      let event_: OrderEvent;
      if (event.type === "fill") {
        const f = event.fill;
        t.filled = t.filled.plus(f.volume);
        t.cost = t.cost.plus(f.volume.times(f.price));
        t.fee = t.fee.plus(f.fee);
        event_ = t.filled.gte(t.order.volume) ? "fill" : "partial_fill";
        change.venueOrderId = f.venueOrderId;
        fresh.push({ fill: f, t });
      } else {
        event_ = eventOf(event.type);
      }
      const to = next(t, event_);
      if (to === null) {
        core.logger.info(
          { clientOrderId: cid, status: t.order.status, event: event.type },
          `order ${cid}: ${event.type} changes nothing`,
        );
        continue;
      }
      if (event.type !== "fill") {
        if (event.venueOrderId && (event.type !== "accepted" || t.order.exOrderId === null))
          change.venueOrderId = event.venueOrderId;
        const reason = "reason" in event ? event.reason : null;
        if (reason) change.reasons.push(reason);
      }
      t.order = t.order.transition(event_, { at: now, ...(t.previous ? { previous: t.previous } : {}) });
      change.to = to;
      if (to === "rejected")
        await db.events.logEvent(
          "order_rejected",
          "warning",
          `order ${cid} rejected: ${change.reasons.join("; ") || "by the venue"}`,
          { clientOrderId: cid, botId: t.order.botId, reasons: change.reasons },
          t.order.symbol,
        );
    }
    const rows: OrderRowChange[] = [];
    for (const c of changes.values()) {
      const exOrderId = c.venueOrderId !== null && c.venueOrderId !== c.t.order.exOrderId ? c.venueOrderId : null;
      const finalVolume = !c.t.filled.isZero() && !c.t.filled.eq(c.t.order.finalVolume ?? 0) ? c.t.filled : null;
      const reason = c.reasons.length > 0 ? joinReasons(c.reasons) : null;
      if (c.to === c.from && exOrderId === null && finalVolume === null && reason === null) continue;
      rows.push({ id: c.t.order.id as number, from: c.from, to: c.to, exOrderId, finalVolume, reason });
      c.t.order = c.t.order.with({
        updatedAt: now,
        ...(exOrderId === null ? {} : { exOrderId }),
        ...(finalVolume === null ? {} : { finalVolume }),
        ...(reason === null ? {} : { reason }),
      });
    }
    // Before saveTrades: a new fill is linked to the order that now carries its venue order id.
    await writeOrderChanges(db, rows, now);
    if (fresh.length > 0) {
      // Before saveTrades: read after it, the curve would already hold these fills' PnL.
      ledgerKept = await loadLedger(core, db, exId);
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
      positions = await updatePositions(core, db, exId, trades, lastTimes, bot?.botId ?? null);
      // The account's PnL curve moves on a copy too: the kept one changes only with the commit.
      const ledger = { ...ledgerKept };
      ledgerAfter = ledger;
      const perDay = new Map<string, { pnl: Decimal; fees: Decimal; n: number }>();
      for (const trade of trades) {
        const roi = trade.result?.roi ?? ZERO;
        ledger.cum = ledger.cum.plus(roi);
        if (ledger.cum.gt(ledger.peak)) ledger.peak = ledger.cum;
        const day = perDay.get(utcDay(trade.time)) ?? { pnl: ZERO, fees: ZERO, n: 0 };
        perDay.set(utcDay(trade.time), { pnl: day.pnl.plus(roi), fees: day.fees.plus(Decimal.max(trade.fee, 0)), n: day.n + 1 });
      }
      for (const [day, d] of perDay) {
        await db.dailyStats.update(exId, { realizedPnl: d.pnl, fees: d.fees, trades: d.n }, day);
        pnlByDay.set(day, d.pnl);
      }
      accountChanged = await applyBalances(
        db,
        exId,
        fresh.map((x) => x.fill),
        balances,
        core,
      );
      for (const x of fresh) if (x.t?.order.botId) touched.add(x.t.order.botId);
    }
    await db.commit();
  }
  if (ledgerKept && ledgerAfter) Object.assign(ledgerKept, ledgerAfter);
  if (fresh.length > 0) core.states.booked(exId, { positions, balances, pnlByDay });
  for (const botId of touched) core.dirtyRuns.add(botId);
  const entries = [];
  for (const c of changes.values()) {
    if (c.reasons.length > 0) c.t.reasons = c.reasons;
    Object.assign(c.original, c.t);
    c.t = c.original;
    core.book.set(c.t.order.clientOrderId, c.t);
    if (c.to !== c.from) logTransition(core, c.t, c.from, c.to, c.reasons.join("; ") || describe(c));
    entries.push({
      exchange: c.t.order.exchange,
      clientOrderId: c.t.order.clientOrderId,
      status: c.t.order.status,
      data: { ...statusData(c.t, now) },
    });
    // An ended order leaves the book; a late fill finds it in the database again.
    if (isTerminalStatus(c.t.order.status)) core.book.delete(c.t.order.clientOrderId);
  }
  core.counters.fills = (core.counters.fills ?? 0) + fresh.length;
  await core.status.write(entries);
  if (accountChanged || positions.length > 0) await writeAccountCache(core, exId, balances, positions);
}

const eventOf = (type: "accepted" | "canceled" | "expired" | "rejected"): OrderEvent =>
  type === "accepted" ? "accept" : type === "canceled" ? "cancel" : type === "expired" ? "expire" : "reject";

function describe(c: Change): string {
  if (c.to === "filled" || c.to === "partially_filled") return `filled ${c.t.filled} of ${c.t.order.volume}`;
  return c.to === "open" ? `accepted by the venue as ${c.t.order.exOrderId}` : c.to;
}

/** Moves the account's balances by the fills; a currency that would go below zero is left to reconciliation. */
async function applyBalances(
  db: DatabaseContext,
  exId: number,
  fills: readonly VenueFill[],
  out: Map<string, Decimal>,
  core: ManagerCore,
): Promise<boolean> {
  const current = new Map(
    core.states.balances(exId) ?? (await db.balances.getByAccount(exId)).map((b) => [b.currency, b.total] as const),
  );
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

/**
 * Mirrors the account's balances and positions into the AccountCache (after the commit): the
 * positions a booking just wrote, or (without them) every stored snapshot of the account.
 */
export async function writeAccountCache(
  core: ManagerCore,
  exId: number,
  balances: ReadonlyMap<string, Decimal>,
  booked?: readonly BookedPosition[],
): Promise<void> {
  try {
    let positions = booked;
    if (positions === undefined) {
      await using db = await DatabaseContext.open(core.database);
      positions = (await db.positions.getOpenPositions(exId)).map((p) => p.position);
      await db.commit();
    }
    await Promise.all([
      balances.size === 0
        ? undefined
        : core.accounts.upsertAccount(
            exId,
            Object.fromEntries([...balances].map(([c, total]) => [c, { free: total, used: 0, total }])),
          ),
      positions.length === 0
        ? undefined
        : core.accounts.upsertPositions(
            exId,
            positions.map((p) => ({ symbol: p.symbol, volume: p.volume, avgPrice: p.avgPrice, realizedPnl: p.realizedPnl })),
          ),
    ]);
  } catch (error) {
    core.logger.warn({ err: error, exId }, "AccountCache update failed; the reconciliation writes it again");
  }
}
