import type { RepositoryContext } from "./repository-context.js";

/** Symbols of catalog exchanges (catalog helper: methods to come). */
export class SymbolRepository {
  constructor(protected readonly ctx: RepositoryContext) {}
}
