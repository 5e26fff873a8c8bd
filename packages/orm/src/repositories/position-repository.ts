import type { RepositoryContext } from "./repository-context.js";

/** Position snapshots for restarts and reconciliation. */
export class PositionRepository {
  constructor(protected readonly ctx: RepositoryContext) {}
}
