import type { NewOrder, Ticker } from "@tradekit/cache";
import type { Order } from "@tradekit/domain";
import { DatabaseContext } from "@tradekit/orm";
import { type ParsedRequest, parseOrderRequest } from "../order-request.js";
import { logTransition, type ManagerCore, utcDay } from "./manager-core.js";
import { RiskInputReader } from "./risk-inputs.js";
import { statusData } from "./status-cache.js";
import { sendOrders } from "./submission.js";
import { findOrderIds, type TrackedOrder, trackOrder } from "./tracked-order.js";

type Entry = ParsedRequest & { id: string; raw: Record<string, unknown> };

/** Reasons an order is not this manager's to place (unknown bot, another account or exchange). */
function ownershipReasons(core: ManagerCore, order: Order): string[] {
  const bot = core.bots.get(order.botId as number);
  if (!bot)
    return [`bot ${order.botId} is not served by this order manager (it serves ${[...core.bots.keys()].join(", ") || "none"})`];
  const reasons: string[] = [];
  if (order.exId !== bot.accountId) reasons.push(`exId ${order.exId} is not the account ${bot.accountId} of bot ${bot.botId}`);
  if (order.exchange !== bot.exchange)
    reasons.push(`exchange ${order.exchange} is not ${bot.exchange}, the exchange of bot ${bot.botId}`);
  return reasons;
}

async function readTickers(core: ManagerCore, orders: readonly Order[]): Promise<Map<string, Ticker | null>> {
  const keys = [...new Set(orders.map((o) => `${o.exchange}\u0000${o.symbol}`))];
  const tickers = await Promise.all(
    keys.map((k) => {
      const [exchange, symbol] = k.split("\u0000") as [string, string];
      return core.ticks.getTicker(symbol, exchange);
    }),
  );
  return new Map(keys.map((k, i) => [k, tickers[i] ?? null]));
}

/**
 * Handles one batch from the new-orders stream: checks each request, saves it as an order
 * (denied with its reasons, or submitted), commits, writes the status cache, sends the submitted
 * ones to their venue, records the answers, and only then acknowledges the batch. A request whose
 * client order id is already stored is a redelivery: acknowledged, nothing else.
 */
export async function processRequests(core: ManagerCore, batch: readonly NewOrder[]): Promise<void> {
  const entries: Entry[] = batch.map((b) => ({ id: b.id, raw: b.order, ...parseOrderRequest(b.order) }));
  for (const e of entries) if (e.order) e.reasons.push(...ownershipReasons(core, e.order));
  const valid = entries.filter((e) => e.order !== null && e.reasons.length === 0).map((e) => e.order as Order);
  const tickers = await readTickers(core, valid);
  const now = core.clock.now();
  const submitted: TrackedOrder[] = [];
  const denied: TrackedOrder[] = [];
  const invalid: Entry[] = [];
  {
    await using db = await DatabaseContext.open(core.database);
    const existing = await findOrderIds(
      db,
      entries.flatMap((e) => (e.clientOrderId ? [e.clientOrderId] : [])),
    );
    const seen = new Set<string>();
    const reader = new RiskInputReader(core, db, tickers);
    const placed = new Map<number, number>();
    for (const e of entries) {
      const cid = e.clientOrderId;
      if (cid !== null && (existing.has(cid) || seen.has(cid))) {
        core.counters.duplicates = (core.counters.duplicates ?? 0) + 1;
        core.logger.info({ clientOrderId: cid, queueId: e.id }, `request ${cid} is already an order: redelivery ignored`);
        continue;
      }
      if (cid !== null) seen.add(cid);
      if (e.order === null || (e.reasons.length > 0 && e.order !== null && !core.bots.has(e.order.botId as number))) {
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
      const reasons = e.reasons.length > 0 ? e.reasons : core.risk.check(order, await reader.read(order)).reasons;
      if (reasons.length > 0) {
        const saved = await db.orders.saveOrder(order.with({ reason: reasons.join("; ") }).transition("deny", { at: now }));
        denied.push(trackOrder(saved, [], reasons));
        await db.events.logEvent(
          "order_denied",
          "warning",
          `order ${cid} denied: ${reasons.join("; ")}`,
          { clientOrderId: cid, botId: order.botId, reasons },
          order.symbol,
        );
        continue;
      }
      reader.claim(order);
      const saved = await db.orders.saveOrder(order.transition("submit", { at: now }));
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
