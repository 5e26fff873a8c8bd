import { closeDatabase, initDatabase, migrate, withDatabase } from "@tradekit/orm";

const url = process.env.TRADING_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/tradekit";
await migrate({ url }); // idempotent: applies the migrations the database lacks
await initDatabase({ url }); // the process's pool; omitted options come from @tradekit/config

// A fill belongs to an exchange account, which belongs to a user and a catalog exchange:
// ensureAccount creates whichever of the three is missing (a second call returns the same account).
const account = await withDatabase((db) => db.exchanges.ensureAccount({ username: "alice", exchange: "binance" }));
const exId = account.id; // withDatabase commits when the function resolves, and rolls back when it throws

const fill = { exId, symbol: "BTC/USDT", fee: "1" };
await withDatabase((db) =>
  db.trades.saveTrades([
    { ...fill, exTradeId: "b-1", side: "buy", volume: "0.5", price: "67000", time: "2026-01-05T10:00:00Z" },
    { ...fill, exTradeId: "s-1", side: "sell", volume: "0.2", price: "69000", time: "2026-01-05T11:00:00Z" },
  ]),
); // saving the same fills again changes nothing: they are keyed by account and venue trade id

for (const trade of await withDatabase((db) => db.trades.getTrades({ exId }))) {
  const r = trade.result; // r.closedVolume: how much of the fill closed the position
  console.log(`${trade.exTradeId} ${trade.side} ${trade.volume} roi ${r?.roi} closed ${r?.closedVolume}`);
}
await closeDatabase();
