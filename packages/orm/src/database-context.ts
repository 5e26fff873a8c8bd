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
  readonly #kysely: TradekitKysely;
  readonly sql: SqlExecutor;
  readonly users: UserRepository;
  readonly exchanges: ExchangeRepository;
  readonly symbols: SymbolRepository;
  readonly bots: BotRepository;
  readonly strategies: StrategyRepository;
  readonly feeds: FeedRepository;
  readonly orders: OrderRepository;
  readonly trades: TradeRepository;
  readonly dryTrades: DryTradeRepository;
  readonly positions: PositionRepository;
  readonly balances: BalanceRepository;
  readonly events: EventRepository;
  readonly reconciliation: ReconciliationRepository;
  readonly killSwitch: KillSwitchRepository;
  readonly dailyStats: DailyStatsRepository;
  readonly botRuns: BotRunRepository;

  private constructor(
    readonly database: Database,
    /**
     * The context's own EntityManager, bound to its transaction: `em.find`, `em.create`, populate,
     * filters and the identity map over tradekit's entities (exported as `OrderEntity`, ...).
     * What it persists is flushed by `commit()`.
     */
    readonly em: EntityManager,
  ) {
    this.#kysely = typedKysely(em);
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
    const repo = mapRepositoryErrors;
    this.users = repo(new UserRepository(ctx));
    this.exchanges = repo(new ExchangeRepository(ctx));
    this.symbols = repo(new SymbolRepository(ctx));
    this.bots = repo(new BotRepository(ctx));
    this.strategies = repo(new StrategyRepository(ctx));
    this.feeds = repo(new FeedRepository(ctx));
    this.orders = repo(new OrderRepository(ctx));
    this.trades = repo(new TradeRepository(ctx));
    this.dryTrades = repo(new DryTradeRepository(ctx));
    this.positions = repo(new PositionRepository(ctx));
    this.balances = repo(new BalanceRepository(ctx));
    this.events = repo(new EventRepository(ctx));
    this.reconciliation = repo(new ReconciliationRepository(ctx));
    this.killSwitch = repo(new KillSwitchRepository(ctx));
    this.dailyStats = repo(new DailyStatsRepository(ctx));
    this.botRuns = repo(new BotRunRepository(ctx));
  }

  /**
   * Kysely typed by tradekit's entities, inside this context's transaction: tables by entity name,
   * columns by property name, values converted by the entities' types (numeric reads as Decimal).
   * `db.kysely.selectFrom("Trade").select(["id", "roi"]).where("account", "=", exId)`.
   */
  get kysely(): TradekitKysely {
    this.#assertOpen("query");
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
