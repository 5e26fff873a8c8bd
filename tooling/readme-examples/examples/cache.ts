import { closeCacheConnections, TickCache } from "@tradekit/cache";

// Options left out come from REDIS_URL, REDIS_KEY_PREFIX and REDIS_COMMAND_TIMEOUT_MS; no REDIS_URL:
// an in-memory store for this process.
await using ticks = await TickCache.open();
await ticks.updateTicker("binance", [
  { symbol: "BTC/USDT", last: "43250.10", bid: "43250", ask: "43250.2", time: "2026-01-05T10:00:00Z" },
  { symbol: "ETH/USDT", last: "2290.5", time: "2026-01-05T10:00:00Z" },
]); // one atomic write, published to subscribers

const btc = await ticks.getTicker("binance", "BTC/USDT");
console.log(btc?.last.toString(), btc?.ask?.toString(), btc?.exchangeTime.toISOString());
console.log([...(await ticks.getAllTickers("binance")).keys()].sort().join(" "));

await ticks.deleteExchangeTickers("binance");
await closeCacheConnections(); // once, at shutdown
