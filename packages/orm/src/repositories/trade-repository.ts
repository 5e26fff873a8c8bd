import type { RepositoryContext } from "./repository-context.js";

/** Live fills with their PnL, computed per stream by the domain Position engine. */
export class TradeRepository {
  constructor(protected readonly ctx: RepositoryContext) {}
}
