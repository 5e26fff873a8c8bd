import { accountCacheContract } from "./account-cache.contract.js";
import { botCacheContract } from "./bot-cache.contract.js";
import { lookupCacheContract } from "./lookup-cache.contract.js";
import { ordersCacheContract } from "./orders-cache.contract.js";
import type { ContextFactory } from "./store-contract.js";
import { tickCacheContract } from "./tick-cache.contract.js";
import { tradesCacheContract } from "./trades-cache.contract.js";

/** Every cache's contract: the same results and expiry on every store. */
export function cachesContract(fresh: ContextFactory): void {
  tickCacheContract(fresh);
  accountCacheContract(fresh);
  botCacheContract(fresh);
  ordersCacheContract(fresh);
  tradesCacheContract(fresh);
  lookupCacheContract(fresh);
}
