import type { RepositoryContext } from "./repository-context.js";

/** Daily statistics per account (catalog helper: methods to come). */
export class DailyStatsRepository {
  constructor(protected readonly ctx: RepositoryContext) {}
}
