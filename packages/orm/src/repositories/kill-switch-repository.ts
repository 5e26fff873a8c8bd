import { ValidationError } from "@tradekit/domain";
import { jsonParam, limitOf, optionalId, recordOrNull, requireText } from "../models/input-checks.js";
import type { KillSwitchEvent, KillSwitchInput, KillSwitchState } from "../models/kill-switch.js";
import type { RepositoryContext } from "./repository-context.js";
import { dateOf, idOf, idOrNull } from "./row-values.js";

const COLUMNS = "id, time, active, reason, triggered_by, account_id, bot_id, details";

const toEvent = (r: Record<string, unknown>): KillSwitchEvent =>
  Object.freeze({
    id: idOf(r.id),
    time: dateOf(r.time),
    active: Boolean(r.active),
    reason: String(r.reason),
    triggeredBy: String(r.triggered_by),
    accountId: idOrNull(r.account_id),
    botId: idOrNull(r.bot_id),
    details: recordOrNull(r.details),
  });

/**
 * The kill switch: an append-only log of engage/release events. A scope is the global switch
 * (no account, no bot), an account, or a bot; the latest event of a scope is its state.
 */
export class KillSwitchRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /** Records that the switch was engaged (active) or released for a scope. */
  async record(input: KillSwitchInput): Promise<KillSwitchEvent> {
    if (typeof input.active !== "boolean") throw ValidationError.invalid("active", input.active, "true or false");
    const rows = await this.ctx.sql.execute(
      `insert into kill_switch_events (time, active, reason, triggered_by, account_id, bot_id, details)
       values (clock_timestamp(), $1, $2, $3, $4, $5, $6::jsonb) returning ${COLUMNS}`,
      [
        input.active,
        requireText("reason", input.reason, 100_000),
        requireText("triggeredBy", input.triggeredBy),
        optionalId("accountId", input.accountId),
        optionalId("botId", input.botId),
        jsonParam("details", input.details),
      ],
    );
    return toEvent(rows[0] as Record<string, unknown>);
  }

  /**
   * Whether trading is stopped for a scope: the global switch, and the account's and the bot's
   * when given. Active when the latest event of any of those scopes engaged it; `event` is then
   * the newest engaging one, otherwise the newest event seen (null when none was ever recorded).
   */
  async current(scope: { accountId?: number; botId?: number } = {}): Promise<KillSwitchState> {
    const accountId = optionalId("accountId", scope.accountId);
    const botId = optionalId("botId", scope.botId);
    const rows = await this.ctx.sql.execute(
      `select * from (
         (select ${COLUMNS} from kill_switch_events where account_id is null and bot_id is null order by time desc, id desc limit 1)
         union all
         (select ${COLUMNS} from kill_switch_events where $1::int is not null and account_id = $1 and bot_id is null order by time desc, id desc limit 1)
         union all
         (select ${COLUMNS} from kill_switch_events where $2::int is not null and bot_id = $2 order by time desc, id desc limit 1)
       ) latest order by time desc, id desc`,
      [accountId, botId],
    );
    const events = rows.map(toEvent);
    const engaged = events.find((e) => e.active);
    return Object.freeze({ active: engaged !== undefined, event: engaged ?? events[0] ?? null });
  }

  /** The recorded events, newest first (default 100). */
  async history(options: { limit?: number } = {}): Promise<KillSwitchEvent[]> {
    const rows = await this.ctx.sql.execute(
      `select ${COLUMNS} from kill_switch_events order by time desc, id desc limit ${limitOf(options.limit)}`,
    );
    return rows.map(toEvent);
  }
}
