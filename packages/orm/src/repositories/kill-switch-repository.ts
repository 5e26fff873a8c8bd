import { ValidationError } from "@tradekit/domain";
import type { ExpressionBuilder } from "kysely";
import { KillSwitchEventEntity } from "../entities/index.js";
import { toKillSwitchEvent } from "../mapping/monitoring-mapping.js";
import { limitOf, optionalId, requireText } from "../models/input-checks.js";
import type { KillSwitchEvent, KillSwitchInput, KillSwitchState } from "../models/kill-switch.js";
import type { TradekitDB } from "../typed-kysely.js";
import { jsonValue } from "./event-repository.js";
import type { RepositoryContext } from "./repository-context.js";

/** Which scope an event is of: 0 global, 1 an account, 2 a bot (with or without its account). */
const scopeOf = (eb: ExpressionBuilder<TradekitDB & { k: TradekitDB["KillSwitchEvent"] }, "k">) =>
  eb.case().when("k.bot", "is not", null).then(2).when("k.account", "is not", null).then(1).else(0).end();

const NEWEST_FIRST = { orderBy: { time: "desc", id: "desc" }, refresh: true } as const;

/**
 * The kill switch: an append-only log of engage/release events. A scope is the global switch
 * (no account, no bot), an account, or a bot; the latest event of a scope is its state.
 */
export class KillSwitchRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /** Records that the switch was engaged (active) or released for a scope. */
  async record(input: KillSwitchInput): Promise<KillSwitchEvent> {
    if (typeof input.active !== "boolean") throw ValidationError.invalid("active", input.active, "true or false");
    const row = this.ctx.em.create(KillSwitchEventEntity, {
      time: new Date(),
      active: input.active,
      reason: requireText("reason", input.reason, 100_000),
      triggeredBy: requireText("triggeredBy", input.triggeredBy),
      account: optionalId("accountId", input.accountId),
      bot: optionalId("botId", input.botId),
      details: jsonValue("details", input.details ?? null),
    });
    await this.ctx.em.flush();
    return toKillSwitchEvent(row);
  }

  /**
   * Whether trading is stopped for a scope: the global switch, and the account's and the bot's
   * when given. Active when the latest event of any of those scopes engaged it; `event` is then
   * the newest engaging one, otherwise the newest event seen (null when none was ever recorded).
   */
  async current(scope: { accountId?: number; botId?: number } = {}): Promise<KillSwitchState> {
    const accountId = optionalId("accountId", scope.accountId);
    const botId = optionalId("botId", scope.botId);
    // The newest event of each scope in one statement (DISTINCT ON the scope): the risk checks
    // read this for every batch of requests, and three statements were three round trips.
    const rows = await this.ctx.db
      .selectFrom("KillSwitchEvent as k")
      .selectAll()
      .distinctOn(scopeOf)
      .where((eb) =>
        eb.or([
          eb.and([eb("k.account", "is", null), eb("k.bot", "is", null)]),
          ...(accountId === null ? [] : [eb.and([eb("k.account", "=", accountId), eb("k.bot", "is", null)])]),
          ...(botId === null ? [] : [eb("k.bot", "=", botId)]),
        ]),
      )
      .orderBy(scopeOf)
      .orderBy("k.time", "desc")
      .orderBy("k.id", "desc")
      .execute();
    const events = rows
      .map((row) => toKillSwitchEvent(this.ctx.em.map(KillSwitchEventEntity, row as never, { mapped: true })))
      .sort((a, b) => b.time.getTime() - a.time.getTime() || b.id - a.id);
    const engaged = events.find((e) => e.active);
    return Object.freeze({ active: engaged !== undefined, event: engaged ?? events[0] ?? null });
  }

  /** The recorded events, newest first (default 100). */
  async history(options: { limit?: number } = {}): Promise<KillSwitchEvent[]> {
    const rows = await this.ctx.em.find(KillSwitchEventEntity, {}, { ...NEWEST_FIRST, limit: limitOf(options.limit) });
    return rows.map(toKillSwitchEvent);
  }
}
