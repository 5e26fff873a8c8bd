#!/usr/bin/env node
import { Command } from "commander";
import { exitCodeOf } from "./cli/arguments.js";
import { killCommand } from "./cli/kill-command.js";
import { startCommand } from "./cli/start-command.js";
import { statusCommand } from "./cli/status-command.js";

// Exit codes: 0 done, 1 failed (the message says why), 2 bad usage or input (an argument's value,
// the configuration, an unknown bot).
const program = new Command("tradekit-order-manager")
  .description("Risk checks, the order lifecycle, a paper venue, reconciliation and a kill switch for tradekit bots.")
  .option("--verbose", "stack traces and debug lines")
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
  .addHelpText(
    "after",
    `
Examples:
  tradekit-order-manager start --bot 1
  tradekit-order-manager start --bot 1 --paper-fee 0.001 --paper-max-fill 0.5 --paper-faults lose-ack=0.05
  tradekit-order-manager status --json
  tradekit-order-manager kill halt --reason "exchange maintenance"
  tradekit-order-manager kill resume --reason "maintenance over" --bot 1

Environment: TRADING_DATABASE_URL, REDIS_URL, REDIS_KEY_PREFIX, RISK_* (see the README).
Exit codes: 0 done, 1 failed, 2 bad usage.`,
  );

program
  .command("start")
  .description("run the order manager for bots (default: every active bot with an account) until SIGINT/SIGTERM")
  .option("--bot <ids...>", "bot ids to own")
  .option("--consumer <name>", "consumer name in the request stream's group")
  .option("--paper-fee <rate>", "paper venue fee rate", "0.001")
  .option("--paper-slippage-bps <bps>", "largest paper slippage in basis points", "0")
  .option("--paper-seed <n>", "seed of the paper fill model", "1")
  .option("--paper-max-fill <volume>", "largest volume one order fills per ticker")
  .option("--paper-faults <rates>", "drill faults, e.g. timeout=0.05,lose-ack=0.1,reject=0")
  .option("--paper-balance <pairs>", "paper starting balances", "USDT=100000")
  .option("--reconcile-interval-ms <ms>", "reconciliation period", "30000")
  .option("--inflight-timeout-ms <ms>", "ask the venue about orders in flight this long", "10000")
  .option("--lease-ttl-ms <ms>", "bot lease TTL", "15000")
  .option("--reclaim-idle-ms <ms>", "take back requests left unacknowledged this long", "30000")
  .action((options) => startCommand({ ...options, verbose: program.opts().verbose }));

program
  .command("status")
  .description("orders by status, open positions, kill switch, last reconciliation, request stream")
  .option("--bot <ids...>", "bot ids (default: every active bot)")
  .option("--json", "one JSON document")
  .action(statusCommand);

program
  .command("kill <action>")
  .description("halt | reduce | resume: the kill switch every manager obeys at once")
  .requiredOption("--reason <text>", "why (recorded with the change)")
  .option("--bot <id>", "only this bot")
  .option("--account <id>", "only this exchange account")
  .option("--by <who>", "who changes it (default operator:$USER)")
  .option("--json", "print the new state as JSON")
  .action(killCommand);

program.parseAsync().catch((error: unknown) => {
  if (program.opts().verbose) console.error(error);
  else console.error(`tradekit-order-manager: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(exitCodeOf(error));
});
