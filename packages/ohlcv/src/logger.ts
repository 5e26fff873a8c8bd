import { pino } from "pino";

/** The package's structured logger; LOG_LEVEL sets its level (default info). */
export const logger = pino({ name: "tradekit-ohlcv", level: process.env.LOG_LEVEL ?? "info" });
