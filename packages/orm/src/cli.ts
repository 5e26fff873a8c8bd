#!/usr/bin/env node
// `tradekit-orm-migrate [--url postgres://...]`: applies pending migrations to the trading
// database (TRADING_DATABASE_URL when --url is absent) and logs what it did with pino.
import { parseArgs } from "node:util";
import pino from "pino";
import { migrate } from "./migrate.js";

const logger = pino({ name: "tradekit-orm-migrate", level: process.env.LOG_LEVEL ?? "info" });
const { values } = parseArgs({ options: { url: { type: "string" } } });

try {
  await migrate({ url: values.url, logger });
} catch (error) {
  logger.error({ err: error }, "migration failed");
  process.exitCode = 1;
}
