import { ValidationError } from "@tradekit/domain";
import { Database, withDatabase } from "@tradekit/orm";
import { requireDatabase } from "../databases/ensure-database.js";
import type { SetupDatabases } from "../databases/open-databases.js";
import { errorCode } from "../databases/pg-failure.js";

const list = (names: string[]): string => (names.length > 12 ? `${names.slice(0, 12).join(", ")}, ...` : names.join(", "));

/**
 * Refuses an (exchange, symbol) the catalog does not list, naming those it does: the candle store
 * keys series by these names, and a typo would start a series no bot reads.
 */
export async function assertCatalogSymbol(databases: SetupDatabases, exchange: string, symbol: string): Promise<void> {
  await requireDatabase(databases.trading, "trading");
  const database = await Database.connect({
    url: databases.tradingUrl,
    poolSize: 1,
    statementTimeoutMs: 0,
    credentialsKey: null,
  });
  try {
    await withDatabase(async (db) => {
      const found = await db.exchanges.findByName(exchange);
      if (!found) {
        const names = (await db.exchanges.list()).map((e) => e.name);
        throw ValidationError.invalid(
          "exchange",
          exchange,
          `an exchange of the catalog (${list(names) || "none: run tradekit-setup init"})`,
        );
      }
      if (!(await db.symbols.findBySymbol(exchange, symbol))) {
        const names = (await db.symbols.getByExchange(exchange)).map((s) => s.symbol);
        throw ValidationError.invalid("symbol", symbol, `a symbol of ${exchange} in the catalog (${list(names) || "none"})`);
      }
    }, database);
  } catch (error) {
    // 42P01: the catalog tables are not there; the database was never initialised.
    if (errorCode(error) === "42P01") {
      throw new ValidationError("the trading database has no catalog yet; run `tradekit-setup init` first", { cause: error });
    }
    throw error;
  } finally {
    await database.close();
  }
}
