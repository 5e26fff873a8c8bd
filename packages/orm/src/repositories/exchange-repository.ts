import type { RepositoryContext } from "./repository-context.js";

/** Catalog exchanges and users' exchange accounts (catalog helper: methods to come). */
export class ExchangeRepository {
  constructor(protected readonly ctx: RepositoryContext) {}
}
