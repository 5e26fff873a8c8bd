import type { RepositoryContext } from "./repository-context.js";

/** Kill-switch events and current state (catalog helper: methods to come). */
export class KillSwitchRepository {
  constructor(protected readonly ctx: RepositoryContext) {}
}
