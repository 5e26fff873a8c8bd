import { maCross } from "./strategies/ma-cross.js";
import { rsiMeanReversion } from "./strategies/rsi-mean-reversion.js";
import { StrategyRegistry } from "./strategy-registry.js";

/** A registry with the strategies that ship with the runner (ma-cross, rsi-mean-reversion); add your own to it. */
export function builtinStrategies(): StrategyRegistry {
  return new StrategyRegistry([maCross, rsiMeanReversion]);
}
