export { CONFIG_VARIABLES } from "./config-schema.js";
export { type LoadConfigOptions, loadConfig } from "./load-config.js";
export { redactConfig } from "./redact-config.js";
export { maskUrl, REDACTED } from "./secret.js";
export type { AppMode, LogLevel, RiskLimits, TimescaleMode, TradekitConfig } from "./tradekit-config.js";
