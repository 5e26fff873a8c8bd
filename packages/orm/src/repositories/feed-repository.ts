import type { RepositoryContext } from "./repository-context.js";

/** Feeds of bot strategies (catalog helper: methods to come). */
export class FeedRepository {
  constructor(protected readonly ctx: RepositoryContext) {}
}
