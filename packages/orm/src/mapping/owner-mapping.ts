import type { InferEntity } from "@mikro-orm/core";
import type { BotEntity, BotLogEntity, UserEntity } from "../entities/index.js";
import type { Bot } from "../models/bot.js";
import type { BotLog } from "../models/bot-log.js";
import type { Severity } from "../models/severity.js";
import type { User } from "../models/user.js";

/** A users entity as the model. */
export const toUser = (e: InferEntity<typeof UserEntity>): User =>
  Object.freeze({ id: e.id, username: e.username, email: e.email ?? null, createdAt: e.createdAt });

/** A bots entity as the model. */
export const toBot = (e: InferEntity<typeof BotEntity>): Bot =>
  Object.freeze({
    id: e.id,
    userId: e.user.id,
    accountId: e.account?.id ?? null,
    name: e.name,
    description: e.description ?? null,
    active: e.active,
    dryRun: e.dryRun,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  });

/** A bot_logs entity as the model. */
export const toBotLog = (e: InferEntity<typeof BotLogEntity>): BotLog =>
  Object.freeze({
    id: e.id,
    botId: e.bot.id,
    time: e.time,
    level: e.level as Severity,
    message: e.message,
    details: frozenRecord(e.details),
  });

/** A jsonb object column as a frozen record, or null. */
export function frozenRecord(value: unknown): Readonly<Record<string, unknown>> | null {
  if (value === null || value === undefined) return null;
  return Object.freeze({ ...(value as Record<string, unknown>) });
}
