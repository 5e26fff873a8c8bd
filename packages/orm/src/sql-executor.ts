import { mapDatabaseError } from "./errors.js";

/** What Kysely needs to run a statement with bound parameters (its CompiledQuery shape). */
interface CompiledStatement {
  readonly sql: string;
  readonly parameters: readonly unknown[];
  readonly query: { readonly kind: "RawNode"; readonly sqlFragments: readonly string[]; readonly parameters: readonly never[] };
  readonly queryId: { readonly queryId: string };
}

/** A Kysely transaction or client: anything that can execute a compiled query. */
export interface QueryRunner {
  executeQuery(query: CompiledStatement): Promise<{ rows: unknown[]; numAffectedRows?: bigint }>;
}

let nextQueryId = 0;

/**
 * Runs raw SQL with real bound parameters ($1, $2, ...) on one connection or transaction.
 * (MikroORM's own `em.execute` inlines escaped values into the text; binding keeps big array
 * parameters cheap and SQL injection impossible.)
 */
export class SqlExecutor {
  constructor(readonly runner: () => QueryRunner) {}

  /** Runs `sql` with `params` bound to $1..$n and returns the rows. */
  async execute<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.#run(sql, params)).rows as T[];
  }

  /** Like execute, for statements whose affected row count matters (UPDATE, DELETE). */
  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return Number((await this.#run(sql, params)).numAffectedRows ?? 0n);
  }

  async #run(sql: string, params: readonly unknown[]) {
    const statement: CompiledStatement = {
      sql,
      parameters: params,
      query: { kind: "RawNode", sqlFragments: [sql], parameters: [] },
      queryId: { queryId: `tk${++nextQueryId}` },
    };
    try {
      return await this.runner().executeQuery(statement);
    } catch (error) {
      throw mapDatabaseError(error);
    }
  }
}
