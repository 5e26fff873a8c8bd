import type { RepositoryContext } from "./repository-context.js";

/** System events (catalog helper: methods to come). */
export class EventRepository {
  constructor(protected readonly ctx: RepositoryContext) {}
}
