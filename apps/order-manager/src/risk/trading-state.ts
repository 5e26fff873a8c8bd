import type { DatabaseContext } from "@tradekit/orm";

/** What the kill switch lets through: everything, only orders that shrink a position, or nothing new. */
export type TradingState = "active" | "reducing_only" | "halted";

/** The trading states. */
export const TRADING_STATES: readonly TradingState[] = Object.freeze(["active", "reducing_only", "halted"]);

/** The kill switch's state for a bot on an account, and why. */
export interface KillSwitchStatus {
  state: TradingState;
  reason: string | null;
  triggeredBy: string | null;
  since: Date | null;
}

/** Where a kill-switch change applies: everywhere (default), one account or one bot. */
export interface KillSwitchScope {
  accountId?: number;
  botId?: number;
}

/**
 * Reads the kill switch from the database (the global switch, the account's and the bot's; the
 * most restrictive engaged one wins). Stored as the orm's kill-switch events: engaged = not active,
 * with the state in `details.state` (an engaged event without one means halted).
 */
export async function readKillSwitch(db: DatabaseContext, scope: KillSwitchScope): Promise<KillSwitchStatus> {
  const current = await db.killSwitch.current(scope);
  const event = current.event;
  if (!current.active || event === null)
    return {
      state: "active",
      reason: event?.reason ?? null,
      triggeredBy: event?.triggeredBy ?? null,
      since: event?.time ?? null,
    };
  const state = event.details?.state === "reducing_only" ? "reducing_only" : "halted";
  return { state, reason: event.reason, triggeredBy: event.triggeredBy, since: event.time };
}

/** Records a kill-switch change and a system event saying so. */
export async function setKillSwitch(
  db: DatabaseContext,
  state: TradingState,
  reason: string,
  triggeredBy: string,
  scope: KillSwitchScope = {},
): Promise<void> {
  await db.killSwitch.record({
    active: state !== "active",
    reason,
    triggeredBy,
    accountId: scope.accountId ?? null,
    botId: scope.botId ?? null,
    details: { state },
  });
  await db.events.logEvent("kill_switch", state === "active" ? "info" : "critical", `kill switch ${state}: ${reason}`, {
    state,
    triggeredBy,
    ...scope,
  });
}
