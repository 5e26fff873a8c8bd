import type { CatalogStrategyInput } from "@tradekit/orm";
import { builtinStrategies } from "./builtin-strategies.js";
import { catalogEntryOf } from "./strategy-definition.js";

/**
 * The strategies this runner can run, as `tradekit-setup init` installs them in the strategy
 * catalog: made from the definitions themselves, so the catalog's params and defaults are the
 * ones the runner validates. A bot strategy names one of these and stores its params.
 */
export const STRATEGY_CATALOG: readonly CatalogStrategyInput[] = Object.freeze(builtinStrategies().list().map(catalogEntryOf));
