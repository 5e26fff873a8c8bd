import { ValidationError } from "@tradekit/domain";

/** What the paper venue can be told to do to a submission, for tests and drills. */
export type PaperFault = "timeout" | "lose-ack" | "reject";

/** Fault rates in [0, 1], drawn per first submission from the venue's seed. */
export interface PaperFaultRates {
  /** The submission never reaches the venue and the call times out. */
  timeout?: number;
  /** The venue takes the order but its acknowledgement is lost (the call times out). */
  loseAck?: number;
  /** The venue refuses the order. */
  reject?: number;
}

/** Reads "timeout=0.05,lose-ack=0.1,reject=0" (the CLI's --paper-faults). */
export function parseFaultRates(text: string): PaperFaultRates {
  const rates: PaperFaultRates = {};
  for (const part of text.split(",").filter((p) => p.trim() !== "")) {
    const [name, value] = part.split("=").map((s) => s.trim());
    const rate = Number(value);
    if (!Number.isFinite(rate) || rate < 0 || rate > 1)
      throw ValidationError.invalid(`paper fault ${name}`, value, "a rate between 0 and 1");
    if (name === "timeout") rates.timeout = rate;
    else if (name === "lose-ack") rates.loseAck = rate;
    else if (name === "reject") rates.reject = rate;
    else throw ValidationError.invalid("paper fault", name, "one of timeout, lose-ack, reject");
  }
  return rates;
}
