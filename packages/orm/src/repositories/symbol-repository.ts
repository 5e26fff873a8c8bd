import type { InferEntity, ObjectQuery } from "@mikro-orm/core";
import { Decimal, DuplicateError, NotFoundError, toPositiveDecimal } from "@tradekit/domain";
import { SymbolEntity } from "../entities/index.js";
import { mapErrors } from "../errors.js";
import { toMarketSymbol } from "../mapping/catalog-mapping.js";
import { booleanOr, limitOf, requireCount, requireId, requireText, storableDecimal } from "../models/input-checks.js";
import type { MarketSymbol, MarketSymbolChanges, MarketSymbolInput, SymbolDecimals } from "../models/market-symbol.js";
import { ExchangeRepository } from "./exchange-repository.js";
import { type LookupCodec, lookupKeys } from "./lookup-cache-scope.js";
import type { RepositoryContext } from "./repository-context.js";

type Row = InferEntity<typeof SymbolEntity>;
const POPULATE = { populate: ["catalogExchange"], refresh: true } as const;

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
  return Object.freeze({ ...(j as unknown as MarketSymbol), tickSize: new Decimal(j.tickSize), minLot: new Decimal(j.minLot) });
}

const symbolCodec: LookupCodec<MarketSymbol> = { toJson, fromJson };
const listCodec: LookupCodec<MarketSymbol[]> = {
  toJson: (list) => list.map(toJson),
  fromJson: (json) => {
    if (!Array.isArray(json)) throw new TypeError("not a cached symbol list");
    return json.map(fromJson);
  },
};

/** Checked column values of a symbol. */
function columns(s: Omit<MarketSymbolInput, "exchange">) {
  return {
    symbol: requireText("symbol", s.symbol),
    baseCurrency: requireText("baseCurrency", s.baseCurrency),
    quoteCurrency: requireText("quoteCurrency", s.quoteCurrency),
    pricePrecision: requireCount("pricePrecision", s.pricePrecision),
    volumePrecision: requireCount("volumePrecision", s.volumePrecision),
    tickSize: storableDecimal("tickSize", toPositiveDecimal(s.tickSize, "tickSize")),
    minLot: storableDecimal("minLot", toPositiveDecimal(s.minLot, "minLot")),
    active: booleanOr("active", s.active, true),
  };
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
    const v = columns(input);
    // ON CONFLICT keeps the caller's transaction usable after a duplicate.
    const row = await this.ctx.db
      .insertInto("Symbol")
      .values({ catalogExchange: exchange.id, ...v })
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!row) throw new DuplicateError(`symbol on ${exchange.name}`, v.symbol);
    await this.#invalidate(row.id, exchange.id, v.symbol);
    return toMarketSymbol(await this.#row({ id: row.id }, row.id));
  }

  /** Changes a symbol's fields; NotFoundError, DuplicateError (renamed onto an existing one). */
  async update(id: number, changes: MarketSymbolChanges): Promise<MarketSymbol> {
    const row = await this.#row({ id: requireId("id", id) }, id);
    const current = toMarketSymbol(row);
    const v = columns({ ...current, ...dropUndefined(changes) });
    this.ctx.em.assign(row, v);
    await mapErrors(() => this.ctx.em.flush(), { entity: `symbol on ${current.exchange}`, key: v.symbol });
    await this.#invalidate(id, current.catalogExchangeId, current.symbol, v.symbol);
    return toMarketSymbol(row);
  }

  /** Deletes a symbol; NotFoundError; ConstraintViolation while a feed uses it. */
  async delete(id: number): Promise<void> {
    const row = await this.#row({ id: requireId("id", id) }, id);
    await this.#invalidate(id, row.catalogExchange.id, row.symbol);
    await this.ctx.em.nativeDelete(SymbolEntity, { id });
  }

  /** The symbol with `id` (cached); NotFoundError. */
  getById(id: number): Promise<MarketSymbol> {
    requireId("id", id);
    return this.ctx.lookups.readThrough(lookupKeys.symbolById(id), symbolCodec, async () =>
      toMarketSymbol(await this.#row({ id }, id)),
    );
  }

  /** Symbol `symbol` of a catalog exchange given by id or name (cached); NotFoundError. */
  async getBySymbol(exchange: number | string, symbol: string): Promise<MarketSymbol> {
    const name = requireText("symbol", symbol);
    const ex = await this.#exchanges.resolve(exchange);
    return this.ctx.lookups.readThrough(lookupKeys.symbolByName(ex.id, name), symbolCodec, async () =>
      toMarketSymbol(await this.#row({ catalogExchange: ex.id, symbol: name }, `${name} on ${ex.name}`)),
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
      (await this.ctx.em.find(SymbolEntity, { catalogExchange: ex.id }, { ...POPULATE, orderBy: { symbol: "asc" } })).map(
        toMarketSymbol,
      ),
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
    const like = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const where: ObjectQuery<Row> = {
      $or: [{ symbol: { $ilike: like } }, { baseCurrency: { $ilike: like } }, { quoteCurrency: { $ilike: like } }],
      ...(options.exchange === undefined ? {} : { catalogExchange: (await this.#exchanges.resolve(options.exchange)).id }),
      ...(options.activeOnly ? { active: true } : {}),
    };
    const rows = await this.ctx.em.find(SymbolEntity, where, { ...POPULATE, orderBy: { symbol: "asc" } });
    const exact = needle.toUpperCase();
    // Exact name matches first, then by symbol and exchange name (as many as the limit).
    return rows
      .map(toMarketSymbol)
      .sort(
        (a, b) =>
          Number(b.symbol.toUpperCase() === exact) - Number(a.symbol.toUpperCase() === exact) ||
          compare(a.symbol, b.symbol) ||
          compare(a.exchange, b.exchange),
      )
      .slice(0, limit);
  }

  async #row(where: ObjectQuery<Row>, key: unknown) {
    const row = await this.ctx.em.findOne(SymbolEntity, where, POPULATE);
    if (!row) throw NotFoundError.of("symbol", key);
    return row;
  }

  async #invalidate(id: number, exchangeId: number, ...names: string[]): Promise<void> {
    await this.ctx.lookups.invalidate(
      lookupKeys.symbolById(id),
      lookupKeys.symbolsOfExchange(exchangeId),
      ...names.map((n) => lookupKeys.symbolByName(exchangeId, n)),
    );
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function dropUndefined<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<T>;
}
