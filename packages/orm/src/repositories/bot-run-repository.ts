import type { RepositoryContext } from "./repository-context.js";

/** Bot runs (catalog helper: methods to come). */
export class BotRunRepository {
  constructor(protected readonly ctx: RepositoryContext) {}
}
