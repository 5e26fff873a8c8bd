import type { RepositoryContext } from "./repository-context.js";

/** Balances per account and currency, with history (catalog helper: methods to come). */
export class BalanceRepository {
  constructor(protected readonly ctx: RepositoryContext) {}
}
