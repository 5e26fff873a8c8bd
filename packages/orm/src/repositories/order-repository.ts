import type { RepositoryContext } from "./repository-context.js";

/** Orders (domain Order in and out). */
export class OrderRepository {
  constructor(protected readonly ctx: RepositoryContext) {}
}
