import { randomUUID } from "node:crypto";
import type { AccountCache, OrdersCache, TickCache } from "@tradekit/cache";
import type { Decimal, OrderStatus, PositionMethod } from "@tradekit/domain";
import type { Database } from "@tradekit/orm";
import type { Logger } from "pino";
import type { Clock } from "../clock.js";
import type { RiskChecks } from "../risk/risk-checks.js";
import type { ExecutionVenue, VenueEvent } from "../venue/execution-venue.js";
import type { AccountStates } from "./account-state.js";
import type { StatusCacheWriter } from "./status-cache.js";
import type { TrackedOrder } from "./tracked-order.js";

/** A bot the manager serves, with its account. */
export interface BotInfo {
  botId: number;
  userId: number;
  accountId: number;
  exchange: string;
  catalogExchangeId: number;
}

/** Tunables of a manager; every one has a default. */
export interface OrderManagerOptions {
  /** Consumer name in the request stream's group (default order-manager-<pid>). */
  consumer?: string;
  /** Owner name of the bot leases (default the consumer name plus a random tag). */
  managerId?: string;
  /** Reconciliation period (default 30 s). */
  reconcileIntervalMs?: number;
  /** An order in flight (submitted, pending) this long is resolved by asking the venue (default 10 s). */
  inflightTimeoutMs?: number;
  /** Bot lease TTL (default 15 s; renewed every third of it). */
  leaseTtlMs?: number;
  /** Requests taken per batch (default 50). */
  batchSize?: number;
  /** How long one take waits for requests (default 200 ms). */
  blockMs?: number;
  /**
   * How long a venue's acknowledgement waits for more events before it is booked alone (default
   * 20 ms; not in `manual` mode): a market order's fill follows at once, and both are booked in one
   * transaction. A resting order shows `open` this much later.
   */
  ackWaitMs?: number;
  /** Take back requests another consumer took and did not acknowledge for this long (default 30 s). */
  reclaimIdleMs?: number;
  /** A ticker older than this (by the clock) refuses orders (default 60 s). */
  maxTickerAgeMs?: number;
  /** Position accounting of the fills (default fifo). */
  positionMethod?: PositionMethod;
  /** Cancel working orders when the kill switch halts (default true). */
  cancelOpenOnHalt?: boolean;
  /** How often the kill switch is read while idle (default 1 s). */
  killSwitchPollMs?: number;
  /** No background loops: nothing happens except in drain() (deterministic replays). */
  manual?: boolean;
}

/** The options with their defaults filled in. */
export type ResolvedOptions = Required<OrderManagerOptions>;

/** The options with every default filled in. */
export function resolveOptions(options: OrderManagerOptions = {}): ResolvedOptions {
  const consumer = options.consumer ?? `order-manager-${process.pid}`;
  return {
    consumer,
    managerId: options.managerId ?? `${consumer}-${randomUUID().slice(0, 8)}`,
    reconcileIntervalMs: options.reconcileIntervalMs ?? 30_000,
    inflightTimeoutMs: options.inflightTimeoutMs ?? 10_000,
    leaseTtlMs: options.leaseTtlMs ?? 15_000,
    batchSize: options.batchSize ?? 50,
    blockMs: options.blockMs ?? 200,
    ackWaitMs: options.ackWaitMs ?? 20,
    reclaimIdleMs: options.reclaimIdleMs ?? 30_000,
    maxTickerAgeMs: options.maxTickerAgeMs ?? 60_000,
    positionMethod: options.positionMethod ?? "fifo",
    cancelOpenOnHalt: options.cancelOpenOnHalt ?? true,
    killSwitchPollMs: options.killSwitchPollMs ?? 1_000,
    manual: options.manual ?? false,
  };
}

/** The realized-PnL curve of an account, for the drawdown check. */
export interface Ledger {
  cum: Decimal;
  peak: Decimal;
}

/** What a booking applies: an event the venue reported, or its acknowledgement of a submission. */
export type BookedEvent = VenueEvent | { type: "accepted"; clientOrderId: string; venueOrderId: string; time: Date };

/** A catalog symbol as the risk checks need it (null: not tradable), and until when that read is trusted. */
export interface CachedSymbol {
  value: { minLot: Decimal } | null;
  until: number;
}

/** What the parts of the manager share. Every mutation runs in one of the manager's lanes (src/lanes.ts). */
export interface ManagerCore {
  database: Database;
  orders: OrdersCache;
  ticks: TickCache;
  accounts: AccountCache;
  venues: ReadonlyMap<number, ExecutionVenue>;
  bots: Map<number, BotInfo>;
  /** Orders not yet terminal (and those that just became so), by client order id. */
  book: Map<string, TrackedOrder>;
  ledgers: Map<number, Ledger>;
  status: StatusCacheWriter;
  risk: RiskChecks;
  clock: Clock;
  logger: Logger;
  options: ResolvedOptions;
  counters: Record<string, number>;
  /** Queues events of account `exId` for the next booking (in arrival order) and schedules it. */
  enqueue(exId: number, events: readonly BookedEvent[]): void;
  /** Bots whose fills were booked since their run's totals were last written. */
  dirtyRuns: Set<number>;
  /** The accounts' positions, balances and daily PnL, kept for the risk checks. */
  states: AccountStates;
  /** Catalog symbols read by the risk checks, by exchange and symbol (re-read after SYMBOL_TTL_MS). */
  symbols: Map<string, CachedSymbol>;
}

/** How long a catalog symbol read stays trusted: a symbol (de)activated in the catalog is seen within this. */
export const SYMBOL_TTL_MS = 30_000;

/** The pino line of one order transition (client order id, bot, symbol, from -> to, reason). */
export function logTransition(
  core: ManagerCore,
  t: TrackedOrder,
  from: OrderStatus | "none",
  to: OrderStatus,
  reason: string,
): void {
  const o = t.order;
  core.counters[to] = (core.counters[to] ?? 0) + 1;
  core.logger.info(
    { clientOrderId: o.clientOrderId, botId: o.botId, symbol: o.symbol, from, to, reason, filled: t.filled.toFixed() },
    `order ${o.clientOrderId} ${from} -> ${to}: ${reason}`,
  );
}

/** The UTC day of `at`, "YYYY-MM-DD". */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);
