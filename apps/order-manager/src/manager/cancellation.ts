import { type OrderStatus, transitionOrder } from "@tradekit/domain";
import { DatabaseContext } from "@tradekit/orm";
import { readKillSwitch, type TradingState } from "../risk/trading-state.js";
import { VenueRejectedError } from "../venue/venue-errors.js";
import { logTransition, type ManagerCore } from "./manager-core.js";
import { writeOrderChanges } from "./order-rows.js";
import { statusData } from "./status-cache.js";
import type { TrackedOrder } from "./tracked-order.js";

const CANCELABLE = new Set<OrderStatus>(["open", "partially_filled"]);

async function move(core: ManagerCore, list: readonly { t: TrackedOrder; to: OrderStatus; reason: string }[]): Promise<void> {
  if (list.length === 0) return;
  const now = core.clock.now();
  {
    await using db = await DatabaseContext.open(core.database);
    await writeOrderChanges(
      db,
      list.map(({ t, to }) => ({
        id: t.order.id as number,
        from: t.order.status,
        to,
        exOrderId: null,
        finalVolume: null,
        reason: null,
      })),
      now,
    );
    await db.commit();
  }
  const entries = [];
  for (const { t, to, reason } of list) {
    const from = t.order.status;
    t.order = t.order.with({ status: to, updatedAt: now });
    logTransition(core, t, from, to, reason);
    entries.push({
      exchange: t.order.exchange,
      clientOrderId: t.order.clientOrderId,
      status: to,
      data: { ...statusData(t, now) },
    });
  }
  await core.status.write(entries);
}

/**
 * Cancels working orders: pending_cancel is recorded first, then the venue is asked; its
 * `canceled` event (or a fill that won the race) ends the order. A refusal returns the order to
 * the status it had (cancel_failed); no answer leaves it pending_cancel for the reconciliation.
 * Cancels always pass, whatever the kill switch says.
 */
export async function cancelOrders(core: ManagerCore, clientOrderIds: readonly string[], reason: string): Promise<void> {
  const targets = clientOrderIds
    .map((id) => core.book.get(id))
    .filter((t): t is TrackedOrder => t !== undefined && CANCELABLE.has(t.order.status));
  for (const t of targets) t.previous = t.order.status;
  await move(
    core,
    targets.map((t) => ({ t, to: transitionOrder(t.order.status, "request_cancel"), reason })),
  );
  const failed: { t: TrackedOrder; to: OrderStatus; reason: string }[] = [];
  for (const t of targets) {
    const venue = core.venues.get(t.order.exId as number);
    try {
      await venue?.cancel(t.order.clientOrderId, t.order.symbol);
      t.sentAt = Date.now();
    } catch (error) {
      if (error instanceof VenueRejectedError) {
        failed.push({
          t,
          to: transitionOrder("pending_cancel", "cancel_failed", t.previous ?? "open"),
          reason: `cancel failed: ${error.reason}`,
        });
      } else
        core.logger.warn(
          { clientOrderId: t.order.clientOrderId, err: error },
          "cancel got no answer; the reconciliation asks the venue",
        );
    }
  }
  await move(core, failed);
}

const lastStates = new WeakMap<ManagerCore, Map<number, TradingState>>();

/** Reads the kill switch of every bot; when one becomes halted (and so configured), cancels its working orders. */
export async function watchKillSwitch(core: ManagerCore): Promise<Map<number, TradingState>> {
  const states = new Map<number, TradingState>();
  {
    await using db = await DatabaseContext.open(core.database);
    for (const bot of core.bots.values())
      states.set(bot.botId, (await readKillSwitch(db, { accountId: bot.accountId, botId: bot.botId })).state);
    await db.commit();
  }
  const before = lastStates.get(core) ?? new Map();
  lastStates.set(core, states);
  for (const [botId, state] of states) {
    if (state === before.get(botId)) continue;
    core.logger.warn({ botId, state }, `kill switch for bot ${botId} is ${state}`);
    if (state === "halted" && core.options.cancelOpenOnHalt) {
      const working = [...core.book.values()].filter((t) => t.order.botId === botId && CANCELABLE.has(t.order.status));
      await cancelOrders(
        core,
        working.map((t) => t.order.clientOrderId),
        "kill switch halted",
      );
    }
  }
  return states;
}
