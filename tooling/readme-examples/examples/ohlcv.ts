import { closeOhlcvPools, TimeseriesRepository } from "@tradekit/ohlcv";

const url = process.env.OHLCV_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/tradekit";
const start = Date.UTC(2026, 0, 5);
const candles = Array.from({ length: 180 }, (_, i) => ({
  time: start + i * 60_000,
  open: 100 + i,
  high: 102 + i,
  low: 99 + i,
  close: 101 + i,
  volume: "0.25",
})).filter((_, i) => i !== 100 && i !== 101); // two minutes missing

await using repo = await TimeseriesRepository.open({ exchange: "binance", symbol: "BTC/USDT", url, create: true });
await repo.insertMany(candles); // 1m candles by default; a bad row throws and writes nothing

for (const c of await repo.getRange("1h", start, start + 2 * 3_600_000)) {
  console.log(c.time.toISOString(), `open ${c.open} high ${c.high} low ${c.low} close ${c.close} volume ${c.volume}`);
}
for (const gap of await repo.getGaps("1m")) console.log("gap", gap.from.toISOString(), gap.missing);
// every function takes the timeframe the same way: "1m", "1h", "1d"... or a Timeframe
const frame = await repo.fetchOhlcv("1h", start, start + 2 * 3_600_000); // float64 columns for indicator code
console.log("closes", Array.from(frame.close).join(" "));
await closeOhlcvPools();
