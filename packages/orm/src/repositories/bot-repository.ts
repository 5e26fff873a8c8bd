import type { RepositoryContext } from "./repository-context.js";

/** Bots and their logs (catalog helper: methods to come). */
export class BotRepository {
  constructor(protected readonly ctx: RepositoryContext) {}
}
