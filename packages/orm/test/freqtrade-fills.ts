import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { Decimal, type TradeInput } from "@tradekit/domain";
import { sharedDataPath } from "@tradekit/test-services";

type Row = [number, string, string | null, "buy" | "sell", number, number, number];

/**
 * The real XRP/ETH fills of freqtrade's test data as TradeInputs on account `exId`: time,
 * venue trade id, side, price and amount as recorded; a 0.1% fee in ETH computed exactly.
 */
export function freqtradeFills(exId: number): TradeInput[] {
  const rows = JSON.parse(gunzipSync(readFileSync(sharedDataPath("freqtrade/XRP_ETH-trades.json.gz"))).toString("utf8")) as Row[];
  return rows.map(([time, id, , side, price, amount]) => ({
    exTradeId: id,
    exId,
    symbol: "XRP/ETH",
    side,
    price,
    volume: amount,
    fee: new Decimal(String(price)).mul(String(amount)).mul("0.001"),
    time,
  }));
}
