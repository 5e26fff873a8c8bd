import type { EntityManager } from "@mikro-orm/postgresql";
import { DatabaseUnavailableError, TradekitError } from "@tradekit/domain";
import type { CredentialCipher } from "./credentials/credential-cipher.js";
import type { Database } from "./database.js";
import { mapDatabaseError, mapErrors } from "./errors.js";
import { getDatabase } from "./process-database.js";
import { BalanceRepository } from "./repositories/balance-repository.js";
import { BotRepository } from "./repositories/bot-repository.js";
import { BotRunRepository } from "./repositories/bot-run-repository.js";
import { DailyStatsRepository } from "./repositories/daily-stats-repository.js";
import { DryTradeRepository } from "./repositories/dry-trade-repository.js";
import { EventRepository } from "./repositories/event-repository.js";
import { ExchangeRepository } from "./repositories/exchange-repository.js";
import { FeedRepository } from "./repositories/feed-repository.js";
import { KillSwitchRepository } from "./repositories/kill-switch-repository.js";
import { LookupCacheScope } from "./repositories/lookup-cache-scope.js";
import { mapRepositoryErrors } from "./repositories/map-repository-errors.js";
import { OrderRepository } from "./repositories/order-repository.js";
import { PositionRepository } from "./repositories/position-repository.js";
import { ReconciliationRepository } from "./repositories/reconciliation-repository.js";
import type { RepositoryContext } from "./repositories/repository-context.js";
import { StrategyRepository } from "./repositories/strategy-repository.js";
import { SymbolRepository } from "./repositories/symbol-repository.js";
import { TradeRepository } from "./repositories/trade-repository.js";
import { UserRepository } from "./repositories/user-repository.js";
import { SqlExecutor } from "./sql-executor.js";
import { type TradekitKysely, typedKysely } from "./typed-kysely.js";

type State = "open" | "committed" | "rolled back";

/** Result of `db.healthCheck()`. */
export interface HealthStatus {
  ok: true;
  latencyMs: number;
  serverVersion: string;
}

/**
 * One unit of work: a forked EntityManager and one transaction. `await db.commit()` commits;
 * leaving an `await using` scope without commit (or by an exception) rolls back. Besides the
 * repositories, `db.em` (MikroORM's EntityManager) and `db.kysely` (Kysely typed by the entities)
 * query tradekit's entities in the same transaction.
 */
export class DatabaseContext implements AsyncDisposable {
  #state: State = "open";
  readonly #lookups: LookupCacheScope;
  #kysely: TradekitKysely | null = null;
  readonly #ctx: RepositoryContext;
  /** The repositories made so far: each is made on first use (a context uses a few of them). */
  readonly #repositories = new Map<string, object>();
  readonly sql: SqlExecutor;

  private constructor(
    readonly database: Database,
    /**
     * The context's own EntityManager, bound to its transaction: `em.find`, `em.create`, populate,
     * filters and the identity map over tradekit's entities (exported as `OrderEntity`, ...).
     * What it persists is flushed by `commit()`.
     */
    readonly em: EntityManager,
  ) {
    this.sql = new SqlExecutor(() => {
      const trx = this.em.getTransactionContext();
      if (!trx || this.#state !== "open")
        throw new TradekitError("CONTEXT_CLOSED", `this database context is ${this.#state}; open a new one`);
      return trx as never;
    });
    this.#lookups = new LookupCacheScope(database.lookupCache, database.logger);
    const kysely = (): TradekitKysely => this.kysely;
    const ctx: RepositoryContext = {
      em,
      get db() {
        return kysely();
      },
      sql: this.sql,
      credentials: database.credentials,
      lookups: this.#lookups,
    };
    this.#ctx = ctx;
  }

  get users(): UserRepository {
    return this.#repository("users", UserRepository);
  }
  get exchanges(): ExchangeRepository {
    return this.#repository("exchanges", ExchangeRepository);
  }
  get symbols(): SymbolRepository {
    return this.#repository("symbols", SymbolRepository);
  }
  get bots(): BotRepository {
    return this.#repository("bots", BotRepository);
  }
  get strategies(): StrategyRepository {
    return this.#repository("strategies", StrategyRepository);
  }
  get feeds(): FeedRepository {
    return this.#repository("feeds", FeedRepository);
  }
  get orders(): OrderRepository {
    return this.#repository("orders", OrderRepository);
  }
  get trades(): TradeRepository {
    return this.#repository("trades", TradeRepository);
  }
  get dryTrades(): DryTradeRepository {
    return this.#repository("dryTrades", DryTradeRepository);
  }
  get positions(): PositionRepository {
    return this.#repository("positions", PositionRepository);
  }
  get balances(): BalanceRepository {
    return this.#repository("balances", BalanceRepository);
  }
  get events(): EventRepository {
    return this.#repository("events", EventRepository);
  }
  get reconciliation(): ReconciliationRepository {
    return this.#repository("reconciliation", ReconciliationRepository);
  }
  get killSwitch(): KillSwitchRepository {
    return this.#repository("killSwitch", KillSwitchRepository);
  }
  get dailyStats(): DailyStatsRepository {
    return this.#repository("dailyStats", DailyStatsRepository);
  }
  get botRuns(): BotRunRepository {
    return this.#repository("botRuns", BotRunRepository);
  }

  #repository<T extends object>(name: string, Repository: new (ctx: RepositoryContext) => T): T {
    let made = this.#repositories.get(name) as T | undefined;
    if (made === undefined) {
      made = mapRepositoryErrors(new Repository(this.#ctx));
      this.#repositories.set(name, made);
    }
    return made;
  }

  /**
   * Kysely typed by tradekit's entities, inside this context's transaction: tables by entity name,
   * columns by property name, values converted by the entities' types (numeric reads as Decimal).
   * `db.kysely.selectFrom("Trade").select(["id", "roi"]).where("account", "=", exId)`.
   */
  get kysely(): TradekitKysely {
    this.#assertOpen("query");
    this.#kysely ??= typedKysely(this.em);
    return this.#kysely;
  }

  /** Opens a context on `database` (default: the process's pool) and begins its transaction. */
  static async open(database?: Database): Promise<DatabaseContext> {
    const db = database ?? (await getDatabase());
    const em = db.orm.em.fork({ clear: true });
    await mapErrors(() => em.begin());
    return new DatabaseContext(db, em);
  }

  /** Seals and opens exchange credentials (null when no key is configured). */
  get credentials(): CredentialCipher | null {
    return this.database.credentials;
  }

  /** True until commit or rollback. */
  get isOpen(): boolean {
    return this.#state === "open";
  }

  /** Raw parameterized SQL ($1, $2, ...) inside this context's transaction. */
  execute<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.sql.execute<T>(sql, params);
  }

  /** Round-trips to the server; throws DatabaseUnavailableError when it does not answer. */
  async healthCheck(): Promise<HealthStatus> {
    const start = performance.now();
    try {
      const row = await this.kysely
        .selectNoFrom((eb) => eb.fn<string>("current_setting", [eb.val("server_version")]).as("version"))
        .executeTakeFirst();
      return { ok: true, latencyMs: performance.now() - start, serverVersion: row?.version ?? "unknown" };
    } catch (cause) {
      const error = mapDatabaseError(cause);
      if (error instanceof DatabaseUnavailableError) throw error;
      throw new DatabaseUnavailableError(`health check failed: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  }

  /** Flushes pending entity changes and commits the transaction. */
  async commit(): Promise<void> {
    this.#assertOpen("commit");
    try {
      await mapErrors(() => this.em.commit());
      this.#state = "committed";
    } catch (error) {
      await this.rollback();
      throw error;
    }
    // Second invalidation of the lookups this context changed (see LookupCacheScope).
    await this.#lookups.afterCommit();
  }

  /**
   * Rolls the transaction back; a no-op once committed or rolled back. When the connection is
   * already lost, the server has rolled the transaction back with it: that is not an error here,
   * so the error that lost it (not a second one, nor a SuppressedError) reaches the caller.
   */
  async rollback(): Promise<void> {
    if (this.#state !== "open") return;
    this.#state = "rolled back";
    try {
      if (this.em.isInTransaction()) await this.em.rollback();
    } catch (error) {
      const mapped = mapDatabaseError(error);
      if (!(mapped instanceof DatabaseUnavailableError)) throw mapped;
    } finally {
      this.em.clear();
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.rollback();
  }

  #assertOpen(what: string): void {
    if (this.#state !== "open") {
      throw new TradekitError("CONTEXT_CLOSED", `cannot ${what}: this database context is already ${this.#state}`);
    }
  }
}

/** Runs `fn` in a fresh context; commits when it resolves, rolls back when it throws. */
export async function withDatabase<T>(fn: (db: DatabaseContext) => Promise<T>, database?: Database): Promise<T> {
  await using db = await DatabaseContext.open(database);
  const result = await fn(db);
  if (db.isOpen) await db.commit();
  return result;
}
