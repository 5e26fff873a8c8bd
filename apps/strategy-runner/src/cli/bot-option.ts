import { ValidationError } from "@tradekit/domain";

/** `--bot 7` is the bot with id 7, `--bot demo-ma-cross` the bot of that name. */
export function botOption(value: string): number | string {
  const text = value.trim();
  if (text === "") throw ValidationError.invalid("--bot", value, "a bot id or name");
  return /^\d+$/.test(text) ? Number(text) : text;
}
