export { STRATEGY_CATALOG } from "./catalog.js";
