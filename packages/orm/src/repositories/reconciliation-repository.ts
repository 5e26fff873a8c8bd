import type { RepositoryContext } from "./repository-context.js";

/** Reconciliation log (catalog helper: methods to come). */
export class ReconciliationRepository {
  constructor(protected readonly ctx: RepositoryContext) {}
}
