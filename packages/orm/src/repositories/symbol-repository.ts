import { DuplicateError, NotFoundError, toPositiveDecimal } from "@tradekit/domain";
import { mapErrors } from "../errors.js";
import { booleanOr, limitOf, requireCount, requireId, requireText } from "../models/input-checks.js";
import type { MarketSymbol, MarketSymbolChanges, MarketSymbolInput, SymbolDecimals } from "../models/market-symbol.js";
import { ExchangeRepository } from "./exchange-repository.js";
import { type LookupCodec, lookupKeys } from "./lookup-cache-scope.js";
import type { RepositoryContext } from "./repository-context.js";
import { decimalOf, idOf } from "./row-values.js";

const SELECT = `s.id, s.catalog_exchange_id, e.name as exchange, s.symbol, s.base_currency, s.quote_currency,
  s.price_precision, s.volume_precision, s.tick_size, s.min_lot, s.active`;
const FROM = "symbols s join catalog_exchanges e on e.id = s.catalog_exchange_id";

const toSymbol = (r: Record<string, unknown>): MarketSymbol =>
  Object.freeze({
    id: idOf(r.id),
    catalogExchangeId: idOf(r.catalog_exchange_id),
    exchange: String(r.exchange),
    symbol: String(r.symbol),
    baseCurrency: String(r.base_currency),
    quoteCurrency: String(r.quote_currency),
    pricePrecision: Number(r.price_precision),
    volumePrecision: Number(r.volume_precision),
    tickSize: decimalOf(r.tick_size),
    minLot: decimalOf(r.min_lot),
    active: Boolean(r.active),
  });

const toJson = (s: MarketSymbol) => ({ ...s, tickSize: s.tickSize.toFixed(), minLot: s.minLot.toFixed() });

function fromJson(json: unknown): MarketSymbol {
  const j = json as Record<string, unknown>;
  if (
    typeof j?.id !== "number" ||
    typeof j.symbol !== "string" ||
    typeof j.tickSize !== "string" ||
    typeof j.minLot !== "string"
  ) {
    throw new TypeError("not a cached symbol");
  }
  const snake = Object.fromEntries(Object.entries(j).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));
  return toSymbol(snake);
}

const symbolCodec: LookupCodec<MarketSymbol> = { toJson, fromJson };
const listCodec: LookupCodec<MarketSymbol[]> = {
  toJson: (list) => list.map(toJson),
  fromJson: (json) => {
    if (!Array.isArray(json)) throw new TypeError("not a cached symbol list");
    return json.map(fromJson);
  },
};

/** Checked column values of a symbol, in the order INSERT and UPDATE bind them. */
function values(s: Omit<MarketSymbolInput, "exchange">): unknown[] {
  const base = requireText("baseCurrency", s.baseCurrency);
  const quote = requireText("quoteCurrency", s.quoteCurrency);
  return [
    requireText("symbol", s.symbol),
    base,
    quote,
    requireCount("pricePrecision", s.pricePrecision),
    requireCount("volumePrecision", s.volumePrecision),
    toPositiveDecimal(s.tickSize, "tickSize").toFixed(),
    toPositiveDecimal(s.minLot, "minLot").toFixed(),
    booleanOr("active", s.active, true),
  ];
}

/** Tradable symbols of catalog exchanges with their precision rules; lookups read through the cache. */
export class SymbolRepository {
  readonly #exchanges: ExchangeRepository;

  constructor(protected readonly ctx: RepositoryContext) {
    this.#exchanges = new ExchangeRepository(ctx);
  }

  /** Creates a symbol on a catalog exchange (id or name); DuplicateError when it exists there. */
  async create(input: MarketSymbolInput): Promise<MarketSymbol> {
    const exchange = await this.#exchanges.resolve(input.exchange);
    const v = values(input);
    const rows = await this.ctx.sql.execute<{ id: string }>(
      `insert into symbols (catalog_exchange_id, symbol, base_currency, quote_currency, price_precision, volume_precision, tick_size, min_lot, active)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict do nothing returning id`,
      [exchange.id, ...v],
    );
    if (!rows[0]) throw new DuplicateError(`symbol on ${exchange.name}`, v[0]);
    const id = idOf(rows[0].id);
    await this.#invalidate(id, exchange.id, v[0] as string);
    return this.#load("s.id = $1", [id], id);
  }

  /** Changes a symbol's fields; NotFoundError, DuplicateError (renamed onto an existing one). */
  async update(id: number, changes: MarketSymbolChanges): Promise<MarketSymbol> {
    const current = await this.#load("s.id = $1", [requireId("id", id)], id);
    const v = values({ ...current, ...dropUndefined(changes) });
    await mapErrors(
      () =>
        this.ctx.sql.run(
          `update symbols set symbol = $2, base_currency = $3, quote_currency = $4, price_precision = $5, volume_precision = $6,
           tick_size = $7, min_lot = $8, active = $9 where id = $1`,
          [id, ...v],
        ),
      { entity: `symbol on ${current.exchange}`, key: v[0] },
    );
    await this.#invalidate(id, current.catalogExchangeId, current.symbol, v[0] as string);
    return this.#load("s.id = $1", [id], id);
  }

  /** Deletes a symbol; NotFoundError; ConstraintViolation while a feed uses it. */
  async delete(id: number): Promise<void> {
    const current = await this.#load("s.id = $1", [requireId("id", id)], id);
    await this.#invalidate(id, current.catalogExchangeId, current.symbol);
    await this.ctx.sql.run("delete from symbols where id = $1", [id]);
  }

  /** The symbol with `id` (cached); NotFoundError. */
  getById(id: number): Promise<MarketSymbol> {
    requireId("id", id);
    return this.ctx.lookups.readThrough(lookupKeys.symbolById(id), symbolCodec, () => this.#load("s.id = $1", [id], id));
  }

  /** Symbol `symbol` of a catalog exchange given by id or name (cached); NotFoundError. */
  async getBySymbol(exchange: number | string, symbol: string): Promise<MarketSymbol> {
    const name = requireText("symbol", symbol);
    const ex = await this.#exchanges.resolve(exchange);
    return this.ctx.lookups.readThrough(lookupKeys.symbolByName(ex.id, name), symbolCodec, () =>
      this.#load("s.catalog_exchange_id = $1 and s.symbol = $2", [ex.id, name], `${name} on ${ex.name}`),
    );
  }

  /** Like getBySymbol, but undefined when the exchange or the symbol does not exist. */
  async findBySymbol(exchange: number | string, symbol: string): Promise<MarketSymbol | undefined> {
    try {
      return await this.getBySymbol(exchange, symbol);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /** Every symbol of a catalog exchange (id or name), by symbol (cached as one list); NotFoundError for the exchange. */
  async getByExchange(exchange: number | string, options: { activeOnly?: boolean } = {}): Promise<MarketSymbol[]> {
    const ex = await this.#exchanges.resolve(exchange);
    const all = await this.ctx.lookups.readThrough(lookupKeys.symbolsOfExchange(ex.id), listCodec, async () =>
      (
        await this.ctx.sql.execute(`select ${SELECT} from ${FROM} where s.catalog_exchange_id = $1 order by s.symbol`, [ex.id])
      ).map(toSymbol),
    );
    return options.activeOnly ? all.filter((s) => s.active) : all;
  }

  /** The precision rules of a symbol (from the cached lookup); NotFoundError. */
  async getDecimals(exchange: number | string, symbol: string): Promise<SymbolDecimals> {
    const s = await this.getBySymbol(exchange, symbol);
    return Object.freeze({
      pricePrecision: s.pricePrecision,
      volumePrecision: s.volumePrecision,
      tickSize: s.tickSize,
      minLot: s.minLot,
    });
  }

  /**
   * Symbols whose name, base or quote currency contains `text` (case-insensitive), on one
   * exchange when given; exact name matches first. Not cached.
   */
  async search(
    text: string,
    options: { exchange?: number | string; limit?: number; activeOnly?: boolean } = {},
  ): Promise<MarketSymbol[]> {
    const needle = requireText("text", text);
    const limit = limitOf(options.limit, 50, 1000);
    const params: unknown[] = [`%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, needle];
    let where = "(s.symbol ilike $1 or s.base_currency ilike $1 or s.quote_currency ilike $1)";
    if (options.exchange !== undefined) {
      params.push((await this.#exchanges.resolve(options.exchange)).id);
      where += ` and s.catalog_exchange_id = $${params.length}`;
    }
    if (options.activeOnly) where += " and s.active";
    const rows = await this.ctx.sql.execute(
      `select ${SELECT} from ${FROM} where ${where} order by (upper(s.symbol) = upper($2)) desc, s.symbol, e.name limit ${limit}`,
      params,
    );
    return rows.map(toSymbol);
  }

  async #load(where: string, params: unknown[], key: unknown): Promise<MarketSymbol> {
    const rows = await this.ctx.sql.execute(`select ${SELECT} from ${FROM} where ${where}`, params);
    if (!rows[0]) throw NotFoundError.of("symbol", key);
    return toSymbol(rows[0]);
  }

  async #invalidate(id: number, exchangeId: number, ...names: string[]): Promise<void> {
    await this.ctx.lookups.invalidate(
      lookupKeys.symbolById(id),
      lookupKeys.symbolsOfExchange(exchangeId),
      ...names.map((n) => lookupKeys.symbolByName(exchangeId, n)),
    );
  }
}

function dropUndefined<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<T>;
}
