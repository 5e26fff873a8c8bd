import type { InferEntity } from "@mikro-orm/core";
import { Decimal } from "@tradekit/domain";
import type {
  BalanceEntity,
  BalanceHistoryEntity,
  BotRunEntity,
  DailyStatisticsEntity,
  KillSwitchEventEntity,
  ReconciliationEntryEntity,
  SystemEventEntity,
} from "../entities/index.js";
import type { Balance } from "../models/balance.js";
import type { BotRun } from "../models/bot-run.js";
import type { DailyStats } from "../models/daily-stats.js";
import type { KillSwitchEvent } from "../models/kill-switch.js";
import type { ReconciliationIssue } from "../models/reconciliation-issue.js";
import type { Severity } from "../models/severity.js";
import type { SystemEvent } from "../models/system-event.js";
import { frozenRecord } from "./owner-mapping.js";

/** A system_events entity as the model. */
export const toSystemEvent = (e: InferEntity<typeof SystemEventEntity>): SystemEvent =>
  Object.freeze({
    id: e.id,
    time: e.time,
    type: e.type,
    severity: e.severity,
    message: e.message,
    details: frozenRecord(e.details),
    symbol: e.symbol ?? null,
    tradeId: e.trade?.id ?? null,
  });

/** A kill_switch_events entity as the model. */
export const toKillSwitchEvent = (e: InferEntity<typeof KillSwitchEventEntity>): KillSwitchEvent =>
  Object.freeze({
    id: e.id,
    time: e.time,
    active: e.active,
    reason: e.reason,
    triggeredBy: e.triggeredBy,
    accountId: e.account?.id ?? null,
    botId: e.bot?.id ?? null,
    details: frozenRecord(e.details),
  });

/** A reconciliation_log entity as the model. */
export const toReconciliationIssue = (e: InferEntity<typeof ReconciliationEntryEntity>): ReconciliationIssue =>
  Object.freeze({
    id: e.id,
    time: e.time,
    accountId: e.account?.id ?? null,
    symbol: e.symbol ?? null,
    issueType: e.issueType,
    severity: e.severity as Severity,
    description: e.description,
    expected: e.expected ?? null,
    actual: e.actual ?? null,
    resolved: e.resolved,
    resolvedAt: e.resolvedAt ?? null,
    resolution: e.resolution ?? null,
  });

/** A bot_runs entity as the model. */
export const toBotRun = (e: InferEntity<typeof BotRunEntity>): BotRun =>
  Object.freeze({
    id: e.id,
    botId: e.bot.id,
    startedAt: e.startedAt,
    endedAt: e.endedAt ?? null,
    status: e.status,
    totalTrades: e.totalTrades,
    totalPnl: e.totalPnl,
    maxDrawdown: e.maxDrawdown,
  });

const ZERO = new Decimal(0);

/** The statistics of a day; `e` null for a day nothing was recorded yet (all zero). */
export function toDailyStats(
  accountId: number,
  day: string,
  e: Pick<InferEntity<typeof DailyStatisticsEntity>, "realizedPnl" | "fees" | "orderCount" | "tradeCount" | "updatedAt"> | null,
): DailyStats {
  const orderCount = e?.orderCount ?? 0;
  const tradeCount = e?.tradeCount ?? 0;
  return Object.freeze({
    accountId,
    day,
    realizedPnl: e?.realizedPnl ?? ZERO,
    fees: e?.fees ?? ZERO,
    orderCount,
    tradeCount,
    orderToTradeRatio: new Decimal(orderCount).div(Math.max(tradeCount, 1)),
    updatedAt: e?.updatedAt ?? null,
  });
}

/** A balances entity (time = when it was reported) as the model. */
export const toBalance = (e: InferEntity<typeof BalanceEntity>): Balance =>
  Object.freeze({
    accountId: e.account.id,
    currency: e.currency,
    free: e.free,
    locked: e.locked,
    total: e.total,
    time: e.updatedAt,
  });

/** A balance_history entity as the model. */
export const toBalanceRecord = (e: InferEntity<typeof BalanceHistoryEntity>): Balance =>
  Object.freeze({ accountId: e.account.id, currency: e.currency, free: e.free, locked: e.locked, total: e.total, time: e.time });
