import { ValidationError } from "@tradekit/domain";
import { DatabaseContext } from "@tradekit/orm";
import { readKillSwitch, setKillSwitch, type TradingState } from "../risk/trading-state.js";
import { positiveInt } from "./arguments.js";
import { openRuntime } from "./runtime.js";

const STATES: Record<string, TradingState> = { halt: "halted", reduce: "reducing_only", resume: "active" };

/** `tradekit-order-manager kill halt|reduce|resume --reason ...`: records the change every manager obeys. */
export async function killCommand(
  action: string,
  options: { reason: string; bot?: string; account?: string; by?: string; json?: boolean },
): Promise<void> {
  const state = STATES[action];
  if (!state) throw ValidationError.invalid("kill <action>", action, "halt, reduce or resume");
  const scope = {
    ...(options.bot ? { botId: positiveInt(options.bot, "bot") } : {}),
    ...(options.account ? { accountId: positiveInt(options.account, "account") } : {}),
  };
  const rt = await openRuntime({ logLevel: "warn" });
  try {
    await using db = await DatabaseContext.open(rt.database);
    await setKillSwitch(db, state, options.reason, options.by ?? `operator:${process.env.USER ?? "cli"}`, scope);
    const now = await readKillSwitch(db, scope);
    await db.commit();
    const line = options.json
      ? JSON.stringify({ state: now.state, reason: now.reason, scope })
      : `kill switch ${now.state}: ${now.reason}`;
    console.log(line);
  } finally {
    await rt.close();
  }
}
