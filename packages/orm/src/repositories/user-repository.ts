import type { RepositoryContext } from "./repository-context.js";

/** Users (catalog helper: methods to come). */
export class UserRepository {
  constructor(protected readonly ctx: RepositoryContext) {}
}
