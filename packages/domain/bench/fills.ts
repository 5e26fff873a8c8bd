import { Decimal, type PositionTrade } from "../src/index.js";
import type { FloatTrade } from "./float-fifo.js";

// A deterministic stream of fills: sides alternate, sizes 0.001..2 BTC with 3 decimals, prices a
// random walk around 67000 with 2 decimals, fees 0.04% of notional to 4 decimals, every 7th a rebate.
export function fills(n: number): { exact: PositionTrade[]; float: FloatTrade[] } {
  let seed = 42;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const exact: PositionTrade[] = [];
  const float: FloatTrade[] = [];
  let cents = 6_700_000;
  for (let i = 0; i < n; i++) {
    cents += Math.round((next() - 0.5) * 2_000);
    const milli = 1 + Math.floor(next() * 2_000);
    const volume = new Decimal(i % 2 === 0 ? milli : -milli).div(1000);
    const price = new Decimal(cents).div(100);
    const fee = volume
      .abs()
      .times(price)
      .times(i % 7 === 0 ? "-0.0001" : "0.0004")
      .toDecimalPlaces(4);
    exact.push({ volume, price, fee });
    float.push({ volume: volume.toNumber(), price: price.toNumber(), fee: fee.toNumber() });
  }
  return { exact, float };
}
