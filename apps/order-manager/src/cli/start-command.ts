import { TradekitError, ValidationError } from "@tradekit/domain";
import { DatabaseContext } from "@tradekit/orm";
import { createOrderManager } from "../manager/order-manager.js";
import type { ExecutionVenue } from "../venue/execution-venue.js";
import { parseFaultRates } from "../venue/paper-faults.js";
import { PaperVenue } from "../venue/paper-venue.js";
import { positiveInt } from "./arguments.js";
import { openRuntime } from "./runtime.js";

/** Options of `start`. */
export interface StartOptions {
  bot?: string[];
  consumer?: string;
  paperFee: string;
  paperSlippageBps: string;
  paperSeed: string;
  paperMaxFill?: string;
  paperFaults?: string;
  paperBalance: string;
  reconcileIntervalMs: string;
  inflightTimeoutMs: string;
  leaseTtlMs: string;
  reclaimIdleMs: string;
  verbose?: boolean;
}

function balances(text: string): Record<string, string> {
  return Object.fromEntries(
    text.split(",").map((part) => {
      const [currency, amount] = part.split("=").map((s) => s.trim());
      if (!currency || !amount)
        throw ValidationError.invalid("--paper-balance", part, "CURRENCY=AMOUNT pairs such as USDT=100000");
      return [currency, amount];
    }),
  );
}

/** `tradekit-order-manager start`: runs the manager until SIGINT/SIGTERM. */
export async function startCommand(options: StartOptions): Promise<void> {
  const rt = await openRuntime(options.verbose ? { logLevel: "debug" } : {});
  let botIds: number[];
  const accounts = new Map<number, string>();
  {
    await using db = await DatabaseContext.open(rt.database);
    botIds = options.bot?.length
      ? options.bot.map((b) => positiveInt(b, "bot"))
      : (await db.bots.getActiveSummary()).filter((b) => b.accountId !== null).map((b) => b.botId);
    for (const botId of botIds) {
      const bot = await db.bots.getById(botId);
      if (bot.accountId !== null) accounts.set(bot.accountId, (await db.exchanges.getAccount(bot.accountId)).exchange);
    }
    await db.commit();
  }
  if (botIds.length === 0)
    throw new TradekitError("NO_BOT", "no bot to manage: give --bot <id> or activate a bot with an exchange account");
  const venues = new Map<number, ExecutionVenue>();
  const paper: PaperVenue[] = [];
  for (const [accountId, exchange] of accounts) {
    if (exchange !== "paper")
      throw new TradekitError(
        "NO_VENUE",
        `account ${accountId} trades on ${exchange}: only the paper venue is built in (the README says how to add a live one)`,
      );
    const venue = await PaperVenue.open({
      accountId,
      exchange,
      store: rt.store,
      keyPrefix: rt.config.redis.keyPrefix,
      feeRate: options.paperFee,
      maxSlippageBps: options.paperSlippageBps,
      seed: positiveInt(options.paperSeed, "paper-seed"),
      maxFillPerTicker: options.paperMaxFill ?? null,
      initialBalances: balances(options.paperBalance),
      ...(options.paperFaults ? { faults: parseFaultRates(options.paperFaults) } : {}),
    });
    venues.set(accountId, venue);
    paper.push(venue);
  }
  const manager = createOrderManager({
    database: rt.database,
    orders: rt.orders,
    ticks: rt.ticks,
    accounts: rt.accounts,
    botCache: rt.botCache,
    venues,
    botIds,
    risk: rt.config.risk,
    logger: rt.logger,
    options: {
      ...(options.consumer ? { consumer: options.consumer } : {}),
      reconcileIntervalMs: positiveInt(options.reconcileIntervalMs, "reconcile-interval-ms"),
      inflightTimeoutMs: positiveInt(options.inflightTimeoutMs, "inflight-timeout-ms"),
      leaseTtlMs: positiveInt(options.leaseTtlMs, "lease-ttl-ms"),
      reclaimIdleMs: positiveInt(options.reclaimIdleMs, "reclaim-idle-ms"),
    },
  });
  const exchanges = new Set(paper.map((v) => v.exchange));
  for (const exchange of exchanges)
    await rt.ticks.subscribeTickers(exchange, (tickers) => {
      for (const venue of paper)
        for (const t of tickers)
          venue
            .onTicker(t)
            .catch((error) => rt.logger.warn({ err: error, symbol: t.symbol }, "paper venue could not record a ticker's fills"));
    });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    rt.logger.info({ signal }, "stopping");
    await manager.stop();
    await rt.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  rt.logger.info({ bots: botIds, accounts: [...accounts.keys()] }, "order manager starting");
  await manager.start();
}
