import type { InferEntity } from "@mikro-orm/core";
import { type Decimal, DryTrade, type OrderType, Trade, type TradeResult } from "@tradekit/domain";
import type { DryTradeEntity, TradeEntity } from "../entities/index.js";

type TradeRow = InferEntity<typeof TradeEntity>;
type FillRow = TradeRow | InferEntity<typeof DryTradeEntity>;

/** The result columns of a fill (DESIGN.md §5), closed volume included. */
export interface ResultColumns {
  roi: Decimal;
  roiPct: Decimal;
  totalFee: Decimal;
  curVolume: Decimal;
  curAvgPrice: Decimal;
  curAvgCost: Decimal;
  curFee: Decimal;
  closedVolume: Decimal;
}

/** The result columns, in one fixed order (set-based updates write them column by column). */
export const RESULT_FIELDS = [
  "roi",
  "roiPct",
  "totalFee",
  "curVolume",
  "curAvgPrice",
  "curAvgCost",
  "curFee",
  "closedVolume",
] as const satisfies readonly (keyof ResultColumns)[];

/** A TradeResult as the result columns. */
export function resultColumns(result: TradeResult): ResultColumns {
  return {
    roi: result.roi,
    roiPct: result.roiPct,
    totalFee: result.totalFee,
    curVolume: result.curVolume,
    curAvgPrice: result.curAvgPrice,
    curAvgCost: result.curAvgCost,
    curFee: result.curFee,
    closedVolume: result.closedVolume,
  };
}

/** The stored result of a fill, or null while uncalculated. */
function resultOf(e: FillRow): TradeResult | null {
  if (e.roi === null || e.roi === undefined) return null;
  return {
    roi: e.roi,
    roiPct: e.roiPct as Decimal,
    closedVolume: e.closedVolume as Decimal,
    totalFee: e.totalFee as Decimal,
    curVolume: e.curVolume as Decimal,
    curAvgPrice: e.curAvgPrice as Decimal,
    curAvgCost: e.curAvgCost as Decimal,
    curFee: e.curFee as Decimal,
  };
}

/** The fields a Trade and a DryTrade share, read from their entity. */
export function fillFieldsOf(e: FillRow) {
  return {
    id: e.id,
    exOrderId: e.exOrderId ?? null,
    uid: e.user?.id ?? null,
    catExId: e.catalogExchange?.id ?? null,
    symbol: e.symbol,
    orderType: (e.orderType ?? null) as OrderType | null,
    side: e.side,
    volume: e.volume,
    price: e.price,
    cost: e.cost,
    fee: e.fee,
    feeCurrency: e.feeCurrency ?? null,
    leverage: e.leverage ?? "1",
    time: e.time,
    result: resultOf(e),
  };
}

/** A trades entity as the domain Trade. */
export function toTrade(e: TradeRow): Trade {
  return Trade.create({ ...fillFieldsOf(e), exTradeId: e.exTradeId, exId: e.account.id });
}

/** The columns of a new trades row for `trade` (its order and bot linked when known). */
export function tradeColumns(trade: Trade, link: { order: number | null; bot: number | null }) {
  return {
    account: trade.exId,
    user: trade.uid,
    catalogExchange: trade.catExId,
    order: link.order,
    bot: link.bot,
    exTradeId: trade.exTradeId,
    exOrderId: trade.exOrderId,
    symbol: trade.symbol,
    orderType: trade.orderType,
    side: trade.side,
    volume: trade.volume,
    price: trade.price,
    cost: trade.cost,
    fee: trade.fee,
    feeCurrency: trade.feeCurrency,
    leverage: trade.leverage,
    time: trade.time,
  };
}

/** `trade` as stored: with its row id and computed result. */
export function withIdAndResult(trade: Trade, id: number, result: TradeResult): Trade {
  return Trade.create({ ...trade, id, result });
}

/** Two reports of one venue fill agree on everything that defines it (a replay, not a conflict). */
export function sameFill(a: Trade, b: Trade): boolean {
  return (
    a.exId === b.exId &&
    a.exTradeId === b.exTradeId &&
    a.symbol === b.symbol &&
    a.side === b.side &&
    a.volume.eq(b.volume) &&
    a.price.eq(b.price) &&
    a.fee.eq(b.fee) &&
    a.time.getTime() === b.time.getTime()
  );
}

/** A dry_trades entity as the domain DryTrade. */
export function toDryTrade(e: InferEntity<typeof DryTradeEntity>): DryTrade {
  return DryTrade.create({
    ...fillFieldsOf(e),
    botId: e.bot.id,
    exTradeId: e.exTradeId ?? null,
    exId: e.account?.id ?? null,
    reason: e.reason ?? null,
    closingTrade: e.closingTrade,
  });
}

/** The columns a DryTrade fills in its row (not its result). */
export function dryTradeColumns(d: DryTrade) {
  return {
    bot: d.botId,
    account: d.exId,
    user: d.uid,
    catalogExchange: d.catExId,
    exTradeId: d.exTradeId,
    exOrderId: d.exOrderId,
    symbol: d.symbol,
    orderType: d.orderType,
    side: d.side,
    volume: d.volume,
    price: d.price,
    cost: d.cost,
    fee: d.fee,
    feeCurrency: d.feeCurrency,
    leverage: d.leverage,
    time: d.time,
    reason: d.reason,
    closingTrade: d.closingTrade,
  };
}
