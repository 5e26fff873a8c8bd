import type { RepositoryContext } from "./repository-context.js";

/** Paper fills of dry-run bots. */
export class DryTradeRepository {
  constructor(protected readonly ctx: RepositoryContext) {}
}
