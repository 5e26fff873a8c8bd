import { setTimeout as sleep } from "node:timers/promises";
import type { AccountCache, BotCache, NewOrder, OrdersCache, TickCache } from "@tradekit/cache";
import type { RiskLimits } from "@tradekit/config";
import { CacheUnavailableError, DatabaseUnavailableError, TradekitError } from "@tradekit/domain";
import { type Database, DatabaseContext } from "@tradekit/orm";
import { type Logger, pino } from "pino";
import { type Clock, systemClock } from "../clock.js";
import { Lanes } from "../lanes.js";
import { RiskChecks } from "../risk/risk-checks.js";
import type { ExecutionVenue } from "../venue/execution-venue.js";
import { AccountStates } from "./account-state.js";
import { flushRunTotals } from "./books.js";
import { BotLease } from "./bot-lease.js";
import { cancelOrders, watchKillSwitch } from "./cancellation.js";
import { bookEvents } from "./fill-booking.js";
import { type BookedEvent, type BotInfo, type ManagerCore, type OrderManagerOptions, resolveOptions } from "./manager-core.js";
import { type OrderManagerStatus, readStatus } from "./manager-status.js";
import { type ReconciliationReport, reconcile } from "./reconciler.js";
import { processRequests } from "./request-intake.js";
import { StatusCacheWriter } from "./status-cache.js";
import { reasonsOf, trackOrder } from "./tracked-order.js";

/** What createOrderManager needs: the pool, the caches, a venue per exchange account, the bots to serve. */
export interface OrderManagerDeps {
  /** The trading database pool; every operation opens its own short context on it. */
  database: Database;
  orders: OrdersCache;
  ticks: TickCache;
  accounts: AccountCache;
  /** Where the manager publishes its status per bot (optional). */
  botCache?: BotCache;
  /** The venue of each exchange account, by account id. */
  venues: ReadonlyMap<number, ExecutionVenue>;
  /** The bots this manager owns while it runs. */
  botIds: readonly number[];
  /** Pre-trade limits (loadConfig().risk). */
  risk: RiskLimits;
  clock?: Clock;
  logger?: Logger;
  options?: OrderManagerOptions;
}

/** A running order manager. */
export interface OrderManager {
  /** Waits until it owns every bot, reconciles, then takes requests (in the background unless `manual`). */
  start(): Promise<void>;
  /** Stops taking requests, finishes the work under way, gives up the bots. */
  stop(): Promise<void>;
  /** Orders by status, open positions, kill switch, last reconciliation, stream lag. */
  status(): Promise<OrderManagerStatus>;
  /** Processes every queued request and every pending venue event; resolves when nothing is left. */
  drain(): Promise<void>;
  /** Reconciles now and returns what it found. */
  reconcile(): Promise<ReconciliationReport>;
  /** Asks the venue to cancel working orders by client order id (cancels always pass, even when halted). */
  cancel(clientOrderIds: readonly string[]): Promise<void>;
}

const describeError = (error: unknown): string =>
  error instanceof CacheUnavailableError
    ? "cache unavailable"
    : error instanceof DatabaseUnavailableError
      ? "database unavailable"
      : "failed";

/** Creates the order manager: one process's single writer for the orders, fills and positions of its bots. */
export function createOrderManager(deps: OrderManagerDeps): OrderManager {
  const options = resolveOptions(deps.options);
  const logger = deps.logger ?? pino({ name: "order-manager" });
  const inbox: { exId: number; event: BookedEvent }[] = [];
  const core: ManagerCore = {
    database: deps.database,
    orders: deps.orders,
    ticks: deps.ticks,
    accounts: deps.accounts,
    venues: deps.venues,
    bots: new Map(),
    book: new Map(),
    ledgers: new Map(),
    status: new StatusCacheWriter(deps.orders, logger),
    risk: new RiskChecks(deps.risk),
    clock: deps.clock ?? systemClock,
    logger,
    options,
    counters: {},
    symbols: new Map(),
    states: new AccountStates(),
    dirtyRuns: new Set(),
    enqueue(exId, events) {
      for (const event of events) inbox.push({ exId, event });
      if (!options.manual && owned) scheduleEvents();
    },
  };
  const lanes = new Lanes();
  const leases = deps.botIds.map(
    (id) => new BotLease(deps.orders.store, deps.orders.keys.prefix, id, options.managerId, options.leaseTtlMs),
  );
  const health = { cache: "ok", database: "ok", lastError: null as string | null };
  let state: OrderManagerStatus["state"] = "stopped";
  let owned = false;
  let leaseValidUntil = 0;
  let lastRenew = 0;
  let lastReconcile = 0;
  let lastReport: ReconciliationReport | null = null;
  let lastLagMs: number | null = null;
  let loops: Promise<void>[] = [];
  let eventsScheduled = false;
  let ackTimer: NodeJS.Timeout | null = null;
  let retry: NewOrder[] | null = null;
  const stops = [...deps.venues].map(([exId, venue]) => venue.onEvent((event) => core.enqueue(exId, [event])));

  const problem = (where: string, error: unknown): void => {
    const kind = describeError(error);
    if (error instanceof CacheUnavailableError) health.cache = "down";
    if (error instanceof DatabaseUnavailableError) health.database = "down";
    const text = `${where}: ${kind}: ${error instanceof Error ? error.message : String(error)}`;
    if (text !== health.lastError) logger.error({ err: error instanceof TradekitError ? undefined : error }, text);
    health.lastError = text;
  };
  const healthy = (): void => {
    if (health.lastError !== null) logger.info("order manager is working again");
    health.cache = "ok";
    health.database = "ok";
    health.lastError = null;
  };

  async function processInbox(): Promise<boolean> {
    if (inbox.length === 0) return false;
    const taken = inbox.splice(0, inbox.length);
    const byAccount = new Map<number, BookedEvent[]>();
    for (const { exId, event } of taken) byAccount.set(exId, [...(byAccount.get(exId) ?? []), event]);
    try {
      for (const [exId, events] of byAccount) await bookEvents(core, events, exId);
    } catch (error) {
      // Not booked: keep them, in order, ahead of anything that arrived meanwhile.
      inbox.unshift(...taken);
      throw error;
    }
    return true;
  }

  function scheduleEvents(): void {
    if (eventsScheduled) return;
    // An acknowledgement alone waits a moment for the fill it usually leads to: both in one booking.
    if (options.ackWaitMs > 0 && inbox.every((e) => e.event.type === "accepted")) {
      ackTimer ??= setTimeout(() => {
        ackTimer = null;
        bookSoon();
      }, options.ackWaitMs);
      return;
    }
    bookSoon();
  }

  function bookSoon(): void {
    if (ackTimer !== null) clearTimeout(ackTimer);
    ackTimer = null;
    if (eventsScheduled || inbox.length === 0) return;
    eventsScheduled = true;
    void lanes.events
      .run(async () => {
        eventsScheduled = false;
        await processInbox();
      })
      .then(healthy, async (error) => {
        problem("booking venue events", error);
        await sleep(500);
        if (owned && inbox.length > 0) scheduleEvents();
      });
  }

  async function takeAndProcess(blockMs: number): Promise<boolean> {
    const batch =
      retry ??
      (await deps.orders.takeNewOrders(options.consumer, {
        count: options.batchSize,
        blockMs,
        reclaimIdleMs: options.reclaimIdleMs,
      }));
    if (batch.length === 0) return false;
    retry = batch;
    const taken = Date.now();
    const first = Number(String(batch[0]?.id).split("-")[0]);
    if (Number.isFinite(first)) lastLagMs = taken - first;
    await lanes.requests.run(() => processRequests(core, batch));
    retry = null;
    return true;
  }

  async function loadBots(): Promise<void> {
    await using db = await DatabaseContext.open(core.database);
    for (const botId of deps.botIds) {
      const bot = await db.bots.getById(botId);
      if (bot.accountId === null)
        throw new TradekitError(
          "BOT_WITHOUT_ACCOUNT",
          `bot ${botId} (${bot.name}) has no exchange account; assign one before managing it`,
        );
      const account = await db.exchanges.getAccount(bot.accountId);
      if (!core.venues.has(account.id))
        throw new TradekitError(
          "NO_VENUE",
          `no venue for account ${account.id} (${account.exchange}) of bot ${botId}; see the README on venues`,
        );
      const info: BotInfo = {
        botId,
        userId: bot.userId,
        accountId: account.id,
        exchange: account.exchange,
        catalogExchangeId: account.catalogExchangeId,
      };
      core.bots.set(botId, info);
    }
    await db.commit();
  }

  async function loadBook(): Promise<void> {
    core.book.clear();
    core.ledgers.clear();
    core.states.forget();
    await using db = await DatabaseContext.open(core.database);
    for (const botId of deps.botIds)
      for (const order of await db.orders.getOpenOrders({ botId }))
        core.book.set(
          order.clientOrderId,
          trackOrder(order, await db.trades.getTradesForOrder(order.id as number), reasonsOf(order)),
        );
    await db.commit();
  }

  async function acquire(): Promise<void> {
    let said = "";
    while (state !== "stopping") {
      const got = await Promise.all(leases.map((l) => l.acquire().catch(() => false)));
      if (got.every(Boolean)) break;
      const waiting = await Promise.all(
        leases.filter((_, i) => !got[i]).map(async (l) => ({ l, h: await l.holder().catch(() => null) })),
      );
      const line = waiting
        .map(({ l, h }) => `bot ${l.botId} is owned by ${h?.owner ?? "?"} (lease ${h?.ttlMs ?? "?"} ms left)`)
        .join("; ");
      if (line !== said) logger.warn(`${line}; waiting to take it over`);
      said = line;
      await sleep(Math.max(100, Math.min(1_000, options.leaseTtlMs / 5)));
    }
    lastRenew = Date.now();
    leaseValidUntil = lastRenew + options.leaseTtlMs;
  }

  async function takeOver(): Promise<void> {
    state = "waiting";
    await acquire();
    if ((state as string) === "stopping") return;
    state = "reconciling";
    for (const venue of new Set(core.venues.values())) await venue.resume?.();
    await loadBook();
    lastReport = await lanes.exclusive(() => reconcile(core, { startup: true }));
    lastReconcile = Date.now();
    owned = true;
    state = "running";
    logger.info(
      { bots: deps.botIds, managerId: options.managerId, issues: lastReport.issues },
      "owns its bots, reconciled; taking requests",
    );
    if (inbox.length > 0 && !options.manual) scheduleEvents();
  }

  async function renewLeases(): Promise<void> {
    if (Date.now() - lastRenew < options.leaseTtlMs / 3) return;
    try {
      // A lease that expired unclaimed (a long pause between drains) is simply taken again.
      const kept = await Promise.all(leases.map(async (l) => (await l.renew()) || (await l.acquire())));
      if (kept.every(Boolean)) {
        lastRenew = Date.now();
        leaseValidUntil = lastRenew + options.leaseTtlMs;
        return;
      }
      logger.error({ bots: deps.botIds }, "lost a bot lease to another manager: stopping work until it is ours again");
    } catch (error) {
      problem("renewing the bot leases", error);
      if (Date.now() < leaseValidUntil - options.leaseTtlMs / 6) return;
      logger.error("the bot leases could not be renewed before they expire: stopping work until they are ours again");
    }
    owned = false;
    await lanes.exclusive(async () => undefined);
    if (state === "running") void takeOver().catch((error) => problem("taking the bots over again", error));
  }

  async function requestLoop(): Promise<void> {
    while (state !== "stopping") {
      if (!owned) {
        await sleep(100);
        continue;
      }
      try {
        await takeAndProcess(options.blockMs);
        healthy();
      } catch (error) {
        problem("processing requests", error);
        await sleep(500);
      }
    }
  }

  async function housekeeping(): Promise<void> {
    let lastKs = 0;
    let lastPublish = 0;
    while (state !== "stopping") {
      await sleep(100);
      if (!owned) continue;
      try {
        await renewLeases();
        if (!owned) continue;
        if (core.status.owed > 0) await core.status.flush();
        if (Date.now() - lastKs >= options.killSwitchPollMs) {
          lastKs = Date.now();
          await lanes.exclusive(() => watchKillSwitch(core));
          await lanes.events.run(() => flushRunTotals(core));
        }
        if (Date.now() - lastReconcile >= options.reconcileIntervalMs) {
          lastReconcile = Date.now();
          lastReport = await lanes.exclusive(() => reconcile(core, { startup: false }));
        }
        if (deps.botCache && Date.now() - lastPublish >= 2_000) {
          lastPublish = Date.now();
          for (const botId of deps.botIds)
            await deps.botCache.updateBot(botId, {
              orderManager: options.managerId,
              orderManagerState: state,
              lastReconciliation: lastReport?.at.toISOString() ?? "",
            });
        }
        if (inbox.length > 0) scheduleEvents();
      } catch (error) {
        problem("housekeeping", error);
      }
    }
  }

  return {
    async start() {
      if (state !== "stopped") throw new TradekitError("ALREADY_STARTED", `the order manager is already ${state}`);
      await loadBots();
      await takeOver();
      if (!options.manual) loops = [requestLoop(), housekeeping()];
    },

    async stop() {
      if (state === "stopped") return;
      state = "stopping";
      owned = false;
      if (ackTimer !== null) clearTimeout(ackTimer);
      await Promise.all(loops);
      await lanes.exclusive(() => flushRunTotals(core)).catch((error) => problem("writing the bot runs' totals", error));
      for (const stop of stops) stop();
      await core.status.flush().catch(() => false);
      await Promise.all(leases.map((l) => l.release().catch(() => undefined)));
      state = "stopped";
    },

    async drain() {
      if (!owned) throw new TradekitError("NOT_RUNNING", `the order manager is ${state}; start() it before drain()`);
      if (options.manual) await renewLeases();
      for (;;) {
        const events = await lanes.events.run(processInbox);
        const requests = await takeAndProcess(0);
        if (!events && !requests && inbox.length === 0) break;
      }
      await lanes.exclusive(async () => {
        await flushRunTotals(core);
        if (core.status.owed > 0) await core.status.flush();
      });
    },

    status() {
      return readStatus(core, {
        state,
        managerId: options.managerId,
        owned,
        lastReconciliation: lastReport,
        lastLagMs,
        health: { ...health },
        inbox: inbox.length,
      });
    },

    reconcile() {
      return lanes.exclusive(async () => {
        lastReport = await reconcile(core, { startup: false });
        lastReconcile = Date.now();
        return lastReport;
      });
    },

    cancel(clientOrderIds) {
      return lanes.exclusive(() => cancelOrders(core, clientOrderIds, "canceled on request"));
    },
  };
}
