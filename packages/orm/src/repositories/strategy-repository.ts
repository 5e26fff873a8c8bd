import type { RepositoryContext } from "./repository-context.js";

/** Catalog strategies and bot strategies with params (catalog helper: methods to come). */
export class StrategyRepository {
  constructor(protected readonly ctx: RepositoryContext) {}
}
