// A TypeScript project outside the repository, type-checked (tsc --noEmit, strict, NodeNext) against
// the .d.ts files the packages publish. Each `@ts-expect-error` proves a type is real: if a
// published type degraded to `any` (a missing .d.ts, an import of an unpublished file), the line
// would no longer be an error and tsc would fail on the unused directive.
import { AccountCache, TickCache, type Ticker } from "@tradekit/cache";
import { loadConfig, type TradekitConfig } from "@tradekit/config";
import {
  ConfigError,
  type Decimal,
  type OrderStatus,
  type PnlResult,
  Position,
  type Trade,
  transitionOrder,
} from "@tradekit/domain";
import { type EmbeddedDatabase, startEmbeddedDatabase } from "@tradekit/embedded-db";
import { type OhlcvFrame, TimeseriesRepository } from "@tradekit/ohlcv";
import { type DatabaseContext, type MigrateResult, migrate, withDatabase } from "@tradekit/orm";

/** Realized PnL of a round trip, exactly. */
export function roundTrip(buy: string, sell: string): Decimal {
  const position = new Position({ symbol: "BTC/USDT", method: "average" });
  position.addTrade({ volume: "1", price: buy, fee: "0" });
  const result = position.addTrade({ volume: "-1", price: sell, fee: "0" });
  // @ts-expect-error roi is an exact Decimal, never a float
  const asFloat: number = result.roi;
  void asFloat;
  return result.roi;
}

export function pnlAt(position: Position, mark: Decimal): PnlResult {
  return position.calculatePnl(mark);
}

export function nextStatus(status: OrderStatus): OrderStatus {
  // @ts-expect-error not an order status
  const wrong: OrderStatus = "half_filled";
  void wrong;
  return transitionOrder(status, "accept");
}

export function configuredPool(env: Record<string, string>): number {
  const config: TradekitConfig = loadConfig(env, { envFile: null });
  return config.database.poolSize;
}

export function describeError(error: unknown): string {
  return error instanceof ConfigError ? error.issues.map((issue) => issue.variable).join(", ") : String(error);
}

export async function saveFill(url: string, exId: number): Promise<Trade[]> {
  const applied: MigrateResult = await migrate({ url });
  void applied.applied.length;
  return withDatabase((db: DatabaseContext) =>
    db.trades.saveTrades([
      { exId, exTradeId: "1", symbol: "BTC/USDT", side: "buy", volume: "1", price: "100", time: new Date() },
    ]),
  );
}

export async function lastPrice(exchange: string, symbol: string): Promise<Decimal | null> {
  await using ticks = await TickCache.open();
  const ticker: Ticker | null = await ticks.getTicker(exchange, symbol);
  // @ts-expect-error the last price is a Decimal
  const wrong: string = ticker?.last;
  void wrong;
  await AccountCache.open();
  return ticker?.last ?? null;
}

export async function closes(url: string): Promise<Float64Array> {
  await using repo = await TimeseriesRepository.open({ exchange: "binance", symbol: "BTC/USDT", url });
  const frame: OhlcvFrame = await repo.fetchOhlcv("1h", 0, Date.now());
  return frame.close;
}

export async function embedded(): Promise<string> {
  await using db: EmbeddedDatabase = await startEmbeddedDatabase({ timescale: true });
  return db.url;
}
