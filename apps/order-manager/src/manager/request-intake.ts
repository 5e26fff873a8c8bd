import type { NewOrder, Ticker } from "@tradekit/cache";
import { DuplicateError, type Order } from "@tradekit/domain";
import { DatabaseContext } from "@tradekit/orm";
import { type ParsedRequest, parseOrderRequest } from "../order-request.js";
import { type BotInfo, logTransition, type ManagerCore, utcDay } from "./manager-core.js";
import { RiskInputReader } from "./risk-inputs.js";
import { statusData } from "./status-cache.js";
import { sendOrders } from "./submission.js";
import { joinReasons, type TrackedOrder, trackOrder } from "./tracked-order.js";

type Entry = ParsedRequest & { id: string; raw: Record<string, unknown>; bot: BotInfo | null; ours: boolean };

/**
 * Whose order a request is: the bot (when this manager serves it), the order as it is stored —
 * with the bot's user and catalog exchange, and no account when the request names another one
 * (the manager writes only its bots' accounts) — and why it is not this manager's to place.
 */
function ownership(core: ManagerCore, order: Order): { bot: BotInfo | null; order: Order; reasons: string[] } {
  const bot = core.bots.get(order.botId as number) ?? null;
  if (!bot) {
    const served = [...core.bots.keys()].join(", ") || "none";
    return { bot, order, reasons: [`bot ${order.botId} is not served by this order manager (it serves ${served})`] };
  }
  const reasons: string[] = [];
  if (order.exId !== bot.accountId) reasons.push(`exId ${order.exId} is not the account ${bot.accountId} of bot ${bot.botId}`);
  if (order.exchange !== bot.exchange)
    reasons.push(`exchange ${order.exchange} is not ${bot.exchange}, the exchange of bot ${bot.botId}`);
  const stored = order.with({
    uid: bot.userId,
    exId: order.exId === bot.accountId ? bot.accountId : null,
    catExId: order.exchange === bot.exchange ? bot.catalogExchangeId : null,
  });
  return { bot, order: stored, reasons };
}

/** Saves `order`; null when its client order id is stored already (a redelivery: nothing else happens). */
async function saveNew(core: ManagerCore, db: DatabaseContext, order: Order, queueId: string): Promise<Order | null> {
  try {
    return await db.orders.saveOrder(order);
  } catch (error) {
    if (!(error instanceof DuplicateError)) throw error;
    core.counters.duplicates = (core.counters.duplicates ?? 0) + 1;
    core.logger.info(
      { clientOrderId: order.clientOrderId, queueId },
      `request ${order.clientOrderId} is already an order: redelivery ignored`,
    );
    return null;
  }
}

async function readTickers(core: ManagerCore, orders: readonly Order[]): Promise<Map<string, Ticker | null>> {
  const keys = [...new Set(orders.map((o) => `${o.exchange}\u0000${o.symbol}`))];
  const tickers = await Promise.all(
    keys.map((k) => {
      const [exchange, symbol] = k.split("\u0000") as [string, string];
      return core.ticks.getTicker(exchange, symbol);
    }),
  );
  return new Map(keys.map((k, i) => [k, tickers[i] ?? null]));
}

/**
 * Handles one batch from the new-orders stream: checks each request and saves it as an order —
 * denied with every failing reason, or submitted — commits, writes the status cache, sends the
 * submitted ones to their venue (whose answers are booked as events), and only then acknowledges
 * the batch. A request whose client order id is stored already is a redelivery: acknowledged,
 * nothing else. A request that is no valid domain Order (volume zero, negative or not a number, a
 * limit order without its price, no client order id, ...) or is for a bot this manager does not
 * serve cannot be stored as an order: its denial goes to the status cache and a system event.
 */
export async function processRequests(core: ManagerCore, batch: readonly NewOrder[]): Promise<void> {
  const now = core.clock.now();
  const entries: Entry[] = batch.map((b) => {
    const parsed = parseOrderRequest(b.order, now);
    const entry: Entry = { id: b.id, raw: b.order, ...parsed, bot: null, ours: false };
    if (parsed.order === null) return entry;
    const own = ownership(core, parsed.order);
    return {
      ...entry,
      order: own.order,
      bot: own.bot,
      ours: own.reasons.length === 0,
      reasons: [...parsed.reasons, ...own.reasons],
    };
  });
  const tickers = await readTickers(
    core,
    entries.flatMap((e) => (e.ours && e.order ? [e.order] : [])),
  );
  const submitted: TrackedOrder[] = [];
  const denied: TrackedOrder[] = [];
  const invalid: Entry[] = [];
  {
    await using db = await DatabaseContext.open(core.database);
    const seen = new Set<string>();
    const reader = new RiskInputReader(core, db, tickers);
    const placed = new Map<number, number>();
    for (const e of entries) {
      const cid = e.clientOrderId;
      if (cid !== null && seen.has(cid)) {
        core.counters.duplicates = (core.counters.duplicates ?? 0) + 1;
        core.logger.info({ clientOrderId: cid, queueId: e.id }, `request ${cid} came twice in one batch: once is one order`);
        continue;
      }
      if (cid !== null) seen.add(cid);
      if (e.order === null || e.bot === null) {
        invalid.push(e);
        await db.events.logEvent("order_denied", "warning", `order request ${cid ?? e.id} denied: ${e.reasons.join("; ")}`, {
          clientOrderId: cid,
          queueId: e.id,
          reasons: e.reasons,
          request: e.raw,
        });
        continue;
      }
      const order = e.order;
      // Every reason, not only the first: the request's own problems, then (on its bot's account) the risk checks'.
      const reasons = e.ours ? [...e.reasons, ...core.risk.check(order, await reader.read(order)).reasons] : e.reasons;
      if (reasons.length > 0) {
        const saved = await saveNew(core, db, order.with({ reason: joinReasons(reasons) }).transition("deny", { at: now }), e.id);
        if (saved === null) continue;
        denied.push(trackOrder(saved, [], reasons));
        await db.events.logEvent(
          "order_denied",
          "warning",
          `order ${cid} denied: ${reasons.join("; ")}`,
          { clientOrderId: cid, orderId: saved.id, botId: order.botId, reasons },
          order.symbol,
        );
        continue;
      }
      const saved = await saveNew(core, db, order.transition("submit", { at: now }), e.id);
      if (saved === null) continue;
      reader.claim(order);
      submitted.push(trackOrder(saved));
      placed.set(order.exId as number, (placed.get(order.exId as number) ?? 0) + 1);
    }
    for (const [exId, n] of placed) await db.dailyStats.update(exId, { orders: n }, utcDay(now));
    await db.commit();
  }
  for (const t of denied) logTransition(core, t, "new", "denied", t.reasons.join("; "));
  for (const t of submitted) {
    core.book.set(t.order.clientOrderId, t);
    logTransition(core, t, "new", "submitted", "passed the pre-trade checks");
  }
  await core.status.write([
    ...[...denied, ...submitted].map((t) => ({
      exchange: t.order.exchange,
      clientOrderId: t.order.clientOrderId,
      status: t.order.status,
      data: { ...statusData(t, now) },
    })),
    ...invalid.flatMap((e) =>
      e.clientOrderId === null || typeof e.raw.exchange !== "string" || e.raw.exchange.trim() === "" || /\s/.test(e.raw.exchange)
        ? []
        : [{ exchange: e.raw.exchange, clientOrderId: e.clientOrderId, status: "denied", data: invalidData(e, now) }],
    ),
  ]);
  core.counters.requests = (core.counters.requests ?? 0) + batch.length;
  await sendOrders(core, submitted);
  await core.orders.ackNewOrders(batch.map((b) => b.id));
}

function invalidData(e: Entry, now: Date): Record<string, unknown> {
  const text = (v: unknown) => (typeof v === "string" ? v : v === null || v === undefined ? null : String(v));
  return {
    clientOrderId: e.clientOrderId,
    orderId: null,
    botId: Number.isSafeInteger(e.raw.botId) ? e.raw.botId : null,
    exId: Number.isSafeInteger(e.raw.exId) ? e.raw.exId : null,
    symbol: text(e.raw.symbol),
    side: text(e.raw.side),
    orderType: text(e.raw.orderType),
    volume: text(e.raw.volume),
    price: text(e.raw.price),
    filledVolume: "0",
    avgFillPrice: null,
    fee: "0",
    exOrderId: null,
    reasons: e.reasons,
    createdAt: text(e.raw.createdAt),
    updatedAt: now.toISOString(),
  };
}
