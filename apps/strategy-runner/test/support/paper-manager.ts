import { AccountCache, type BotCache, type CacheStore, type OrdersCache, type TickCache, type Ticker } from "@tradekit/cache";
import { loadConfig } from "@tradekit/config";
import type { DecimalInput } from "@tradekit/domain";
import { type Clock, createOrderManager, type OrderManager, PaperVenue } from "@tradekit/order-manager";
import type { Database } from "@tradekit/orm";
import type { ReplayListener } from "../../src/index.js";
import { testLogger } from "./test-env.js";

/** The real order manager of one bot on a paper venue of its account, as the main job composes them. */
export interface PaperManager {
  readonly manager: OrderManager;
  readonly venue: PaperVenue;
  /** The venue's turn of a replay: put it before the runner so an order decided on a bar fills at the next tick. */
  readonly listener: ReplayListener;
  /** Takes what is queued and books what the venue did (the manager runs manual: the test decides when). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export interface PaperManagerOptions {
  database: Database;
  caches: { store: CacheStore; ticks: TickCache; orders: OrdersCache; bots: BotCache };
  keyPrefix: string;
  bot: { botId: number; accountId: number };
  clock: Clock;
  /** Risk settings as the environment gives them (RISK_MIN_RISK_REWARD and so on). */
  riskEnv?: Record<string, string>;
  /** Largest volume an order fills per ticker (larger ones fill in parts). */
  maxFillPerTicker?: DecimalInput;
  /** false: the manager takes requests in the background, as its own process does. */
  manual?: boolean;
}

/** Opens the paper venue (0.1 % fee, no slippage, 100,000 USDT) and starts the manager on it. */
export async function startPaperManager(options: PaperManagerOptions): Promise<PaperManager> {
  const { caches, bot, clock } = options;
  const venue = await PaperVenue.open({
    accountId: bot.accountId,
    store: caches.store,
    keyPrefix: options.keyPrefix,
    clock,
    ...(options.maxFillPerTicker !== undefined ? { maxFillPerTicker: options.maxFillPerTicker } : {}),
  });
  const manual = options.manual ?? true;
  const manager = createOrderManager({
    database: options.database,
    orders: caches.orders,
    ticks: caches.ticks,
    accounts: await AccountCache.open({ store: caches.store, keyPrefix: options.keyPrefix }),
    botCache: caches.bots,
    venues: new Map([[bot.accountId, venue]]),
    botIds: [bot.botId],
    risk: loadConfig(options.riskEnv ?? {}, { envFile: null }).risk,
    clock,
    logger: testLogger,
    options: { manual, consumer: `test-manager-${bot.botId}` },
  });
  await manager.start();
  return {
    manager,
    venue,
    listener: { onTicker: (ticker: Ticker) => venue.onTicker(ticker) },
    drain: () => manager.drain(),
    stop: () => manager.stop(),
  };
}
