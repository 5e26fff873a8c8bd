import { type Command, InvalidArgumentError } from "commander";

/** The paper venue's flags, shared by `start` and `backtest`. */
export interface PaperFlags {
  fee?: string;
  slippageBps?: string;
  paperSeed?: number;
  balance?: string;
}

/** A commander parser of a whole number > 0 for `--name`. */
export function positiveInt(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n <= 0)
      throw new InvalidArgumentError(`--${name} must be a whole number > 0; got ${JSON.stringify(value)}`);
    return n;
  };
}

const decimal =
  (name: string) =>
  (value: string): string => {
    if (!/^\d+(\.\d+)?$/.test(value))
      throw new InvalidArgumentError(`--${name} must be a decimal >= 0 such as 0.001; got ${JSON.stringify(value)}`);
    return value;
  };

/** Adds the paper venue's flags to `command`. */
export function paperOptions(command: Command): Command {
  return command
    .option("--fee <rate>", "paper fee, a fraction of each fill's cost (default 0.001)", decimal("fee"))
    .option("--slippage-bps <bps>", "largest slippage of a market fill, in basis points (default 2)", decimal("slippage-bps"))
    .option("--paper-seed <n>", "seed of the slippage draws (default 1)", positiveInt("paper-seed"))
    .option("--balance <amount>", "quote currency the paper account starts with (default 100000)", decimal("balance"));
}
