import { Position } from "@tradekit/domain";

const position = new Position({ symbol: "BTC/USDT" }); // FIFO lots; { method: "average" } for one merged lot
position.addTrade({ volume: "0.5", price: "67000", fee: "10" }); // a signed volume: > 0 buys
position.addTrade({ volume: "0.3", price: "68000", fee: "6" });
const sell = position.addTrade({ volume: "-0.2", price: "69000", fee: "5" }); // < 0 sells

console.log(`roi ${sell.roi} (${sell.roiPct.toDecimalPlaces(4)}%), open ${sell.curVolume} at ${sell.curAvgPrice}`);
const pnl = position.calculatePnl("69500");
console.log(`at 69500: unrealized ${pnl.unrealizedPnl}, realized ${pnl.realizedPnl}, total ${pnl.totalPnl}`);
