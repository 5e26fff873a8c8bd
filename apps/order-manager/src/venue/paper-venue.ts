import { createHash } from "node:crypto";
import type { CacheStore } from "@tradekit/cache";
import { Decimal, type DecimalInput, type Order, toPositiveDecimal } from "@tradekit/domain";
import { type Clock, systemClock } from "../clock.js";
import { Serial } from "../serial.js";
import type {
  ExecutionVenue,
  StopListening,
  SubmitAck,
  VenueBalance,
  VenueEvent,
  VenueFill,
  VenueOrder,
  VenuePosition,
} from "./execution-venue.js";
import { FillModel, type FillModelOptions } from "./fill-model.js";
import type { PaperFault, PaperFaultRates } from "./paper-faults.js";
import { PaperJournal, type PaperOrder } from "./paper-journal.js";
import { matchOrder, type Quote } from "./paper-matching.js";
import { PaperWallet, splitSymbol } from "./paper-wallet.js";
import { VenueRejectedError, VenueUnavailableError } from "./venue-errors.js";

/** How a PaperVenue is set up. */
export interface PaperVenueOptions extends FillModelOptions {
  /** The exchange account it simulates; its journal is kept per account. */
  accountId: number;
  /** Where its journal lives (the Redis or memory store of the caches). */
  store: CacheStore;
  /** Key prefix of the journal (the caches' prefix). */
  keyPrefix: string;
  /** Catalog exchange name (default "paper"). */
  exchange?: string;
  /** What the account starts with before any fill (default 100,000 USDT). */
  initialBalances?: Readonly<Record<string, DecimalInput>>;
  /** Largest volume one order fills per ticker; larger orders fill in parts (default: no limit). */
  maxFillPerTicker?: DecimalInput | null;
  /** Random faults of first submissions, drawn from the seed. */
  faults?: PaperFaultRates;
  clock?: Clock;
}

const WORKING = new Set(["open", "partially_filled"]);

/**
 * The simulated exchange (DESIGN.md §10): driven by tickers (`onTicker`). A market order fills at
 * the first ticker after its submission, plus seeded slippage and the fee; a limit order rests
 * until a ticker trades through it; a large order fills in parts. Its wallet and positions are
 * derived from its own journal of fills, so a restart continues exactly.
 */
export class PaperVenue implements ExecutionVenue {
  readonly exchange: string;
  readonly model: FillModel;
  readonly #options: PaperVenueOptions;
  readonly #journal: PaperJournal;
  readonly #clock: Clock;
  readonly #serial = new Serial();
  readonly #listeners = new Set<(event: VenueEvent) => void>();
  readonly #orders = new Map<string, PaperOrder>();
  /** The working orders, in submission order: what a ticker is matched against (all orders ever would grow without end). */
  readonly #working = new Map<string, PaperOrder>();
  readonly #fills: VenueFill[] = [];
  readonly #lastQuote = new Map<string, Quote>();
  readonly #forced: PaperFault[] = [];
  readonly #attempts = new Map<string, number>();
  readonly #maxFill: Decimal | null;
  #wallet: PaperWallet;

  private constructor(options: PaperVenueOptions) {
    this.#options = options;
    this.exchange = options.exchange ?? "paper";
    this.model = new FillModel(options);
    this.#journal = new PaperJournal(options.store, options.keyPrefix, this.exchange, options.accountId);
    this.#clock = options.clock ?? systemClock;
    this.#maxFill =
      options.maxFillPerTicker === undefined || options.maxFillPerTicker === null
        ? null
        : toPositiveDecimal(options.maxFillPerTicker, "maxFillPerTicker");
    this.#wallet = new PaperWallet(this.#initial());
  }

  /** Opens the venue and loads its journal. */
  static async open(options: PaperVenueOptions): Promise<PaperVenue> {
    const venue = new PaperVenue(options);
    await venue.reload();
    return venue;
  }

  /** Reads the journal again (a manager taking a bot over continues the previous owner's venue). */
  reload(): Promise<void> {
    return this.#serial.run(() => this.#load());
  }

  /** Same as reload: what a manager calls when it takes the account over. */
  resume(): Promise<void> {
    return this.reload();
  }

  /** Makes the next submissions fail as told (one fault per submission, in order). */
  failNext(fault: PaperFault, times = 1): void {
    for (let i = 0; i < times; i++) this.#forced.push(fault);
  }

  submit(order: Order): Promise<SubmitAck> {
    return this.#serial.run(async () => {
      const known = this.#orders.get(order.clientOrderId);
      if (known) return this.#ack(known);
      // Drawn faults hit a first submission only: a retry of the same order gets through.
      const attempt = (this.#attempts.get(order.clientOrderId) ?? 0) + 1;
      this.#attempts.set(order.clientOrderId, attempt);
      const fault = this.#forced.shift() ?? (attempt === 1 ? this.#drawFault(order.clientOrderId) : null);
      if (fault === "timeout")
        throw new VenueUnavailableError(`paper venue: submission of ${order.clientOrderId} timed out (drill)`);
      if (fault === "reject") throw new VenueRejectedError(order.clientOrderId, "refused by a paper-venue drill");
      const refusal = this.#refusal(order);
      if (refusal !== null) throw new VenueRejectedError(order.clientOrderId, refusal);
      const now = this.#clock.now();
      const placed: PaperOrder = {
        clientOrderId: order.clientOrderId,
        venueOrderId: paperOrderId(this.#options.accountId, order.clientOrderId),
        symbol: order.symbol,
        side: order.side,
        orderType: order.orderType,
        volume: order.volume,
        price: order.price,
        trigger: order.plimit,
        triggered: false,
        status: "open",
        filled: new Decimal(0),
        fills: 0,
        reason: null,
        createdAt: now,
        updatedAt: now,
      };
      await this.#journal.write([placed], []);
      this.#orders.set(placed.clientOrderId, placed);
      this.#working.set(placed.clientOrderId, placed);
      if (fault === "lose-ack")
        throw new VenueUnavailableError(`paper venue: the acknowledgement of ${order.clientOrderId} was lost (drill)`);
      return this.#ack(placed);
    });
  }

  cancel(clientOrderId: string): Promise<void> {
    return this.#serial.run(async () => {
      const order = this.#orders.get(clientOrderId);
      if (!order || !WORKING.has(order.status)) {
        throw new VenueRejectedError(clientOrderId, order ? `cannot cancel an order that is ${order.status}` : "unknown order");
      }
      const was = { ...order };
      this.#end(order, "canceled", "canceled on request");
      try {
        await this.#journal.write([order], []);
      } catch (error) {
        Object.assign(order, was);
        throw error;
      }
      this.#working.delete(clientOrderId);
      this.#emit({
        type: "canceled",
        clientOrderId,
        venueOrderId: order.venueOrderId,
        reason: order.reason,
        time: order.updatedAt,
      });
    });
  }

  amend(clientOrderId: string, _symbol: string, changes: { price?: Decimal; volume?: Decimal }): Promise<void> {
    return this.#serial.run(async () => {
      const order = this.#orders.get(clientOrderId);
      if (!order || !WORKING.has(order.status))
        throw new VenueRejectedError(clientOrderId, "only a working order can be amended");
      if (changes.volume?.lte(order.filled))
        throw new VenueRejectedError(clientOrderId, `volume ${changes.volume} is not above the filled ${order.filled}`);
      if (changes.price !== undefined) order.price = changes.price;
      if (changes.volume !== undefined) order.volume = changes.volume;
      order.updatedAt = this.#clock.now();
      await this.#journal.write([order], []);
    });
  }

  async getOrder(clientOrderId: string): Promise<VenueOrder | null> {
    const order = this.#orders.get(clientOrderId);
    return order ? toVenueOrder(order) : null;
  }

  async openOrders(): Promise<VenueOrder[]> {
    return [...this.#orders.values()].filter((o) => WORKING.has(o.status)).map(toVenueOrder);
  }

  async positions(): Promise<VenuePosition[]> {
    return this.#wallet.positions();
  }

  async balances(): Promise<VenueBalance[]> {
    return this.#wallet.balances();
  }

  async fillsSince(since: Date): Promise<VenueFill[]> {
    return this.#fills.filter((f) => f.time.getTime() >= since.getTime());
  }

  onEvent(listener: (event: VenueEvent) => void): StopListening {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Matches every working order of the ticker's symbol against it, in submission order, records
   * the fills and reports them. Resolves once they are in the journal and reported.
   */
  onTicker(ticker: {
    symbol: string;
    last: DecimalInput;
    bid?: DecimalInput | null;
    ask?: DecimalInput | null;
    exchangeTime: Date;
  }): Promise<void> {
    return this.#serial.run(async () => {
      const quote: Quote = {
        symbol: ticker.symbol,
        last: toPositiveDecimal(ticker.last, "ticker.last"),
        bid: ticker.bid == null ? null : toPositiveDecimal(ticker.bid, "ticker.bid"),
        ask: ticker.ask == null ? null : toPositiveDecimal(ticker.ask, "ticker.ask"),
        time: ticker.exchangeTime,
      };
      this.#lastQuote.set(quote.symbol, quote);
      const changed: PaperOrder[] = [];
      const fills: VenueFill[] = [];
      const events: VenueEvent[] = [];
      const wallet = this.#wallet;
      const before = new Map<PaperOrder, PaperOrder>();
      for (const order of this.#working.values()) {
        if (order.symbol !== quote.symbol || !WORKING.has(order.status)) continue;
        before.set(order, { ...order });
        const tradeId = `${order.venueOrderId}-${String(order.fills + 1).padStart(4, "0")}`;
        // Slippage is drawn by what the order is in the market (symbol, side, when it was placed,
        // which of its fills), not by its ids, which name the account and the bot: a backtest on a
        // fresh copy of a bot, and a paper replay of the same candles, draw the same slippage.
        const draw = `${order.symbol}:${order.side}:${order.createdAt.getTime()}:${order.fills + 1}`;
        const match = matchOrder(order, quote, this.model, draw, this.#maxFill);
        if (match === null) continue;
        const [base, quoteCurrency] = splitSymbol(order.symbol);
        const cost = match.volume.times(match.price);
        const fee = this.model.fee(cost);
        const short = order.side === "buy" ? wallet.total(quoteCurrency).lt(cost.plus(fee)) : wallet.total(base).lt(match.volume);
        if (short) {
          this.#end(order, "canceled", `insufficient ${order.side === "buy" ? quoteCurrency : base} for the rest of the order`);
          changed.push(order);
          events.push({
            type: "canceled",
            clientOrderId: order.clientOrderId,
            venueOrderId: order.venueOrderId,
            reason: order.reason,
            time: quote.time,
          });
          continue;
        }
        const fill: VenueFill = {
          tradeId,
          clientOrderId: order.clientOrderId,
          venueOrderId: order.venueOrderId,
          symbol: order.symbol,
          side: order.side,
          orderType: order.orderType,
          volume: match.volume,
          price: match.price,
          fee,
          feeCurrency: quoteCurrency,
          time: quote.time,
        };
        wallet.apply(fill);
        order.fills += 1;
        order.filled = order.filled.plus(match.volume);
        order.status = order.filled.gte(order.volume) ? "filled" : "partially_filled";
        order.updatedAt = quote.time;
        changed.push(order);
        fills.push(fill);
        events.push({ type: "fill", fill });
      }
      try {
        await this.#journal.write(changed, fills);
      } catch (error) {
        // Not recorded, so not happened: the venue forgets this ticker and matches the next one.
        for (const [order, was] of before) Object.assign(order, was);
        this.#wallet = this.#walletOf(this.#fills);
        throw error;
      }
      for (const order of changed) if (!WORKING.has(order.status)) this.#working.delete(order.clientOrderId);
      this.#fills.push(...fills);
      for (const event of events) this.#emit(event);
    });
  }

  async #load(): Promise<void> {
    const loaded = await this.#journal.load();
    this.#orders.clear();
    this.#working.clear();
    for (const o of loaded.orders) {
      this.#orders.set(o.clientOrderId, o);
      if (WORKING.has(o.status)) this.#working.set(o.clientOrderId, o);
    }
    this.#fills.length = 0;
    this.#fills.push(...loaded.fills);
    this.#wallet = this.#walletOf(this.#fills);
  }

  /** The wallet the initial balances and `fills` make. */
  #walletOf(fills: readonly VenueFill[]): PaperWallet {
    const wallet = new PaperWallet(this.#initial());
    for (const f of fills) wallet.apply(f);
    return wallet;
  }

  #initial(): Readonly<Record<string, DecimalInput>> {
    return this.#options.initialBalances ?? { USDT: "100000" };
  }

  #drawFault(clientOrderId: string): PaperFault | null {
    const rates = this.#options.faults;
    if (!rates) return null;
    const u = this.model.draw(`fault:${clientOrderId}`).toNumber();
    let edge = 0;
    for (const [fault, rate] of [
      ["timeout", rates.timeout],
      ["lose-ack", rates.loseAck],
      ["reject", rates.reject],
    ] as const) {
      edge += rate ?? 0;
      if (u < edge) return fault;
    }
    return null;
  }

  #refusal(order: Order): string | null {
    let base: string;
    let quote: string;
    try {
      [base, quote] = splitSymbol(order.symbol);
    } catch (error) {
      return (error as Error).message;
    }
    if (order.futures) return "the paper venue trades spot markets only";
    const reference = order.price ?? this.#lastQuote.get(order.symbol)?.last ?? null;
    if (order.side === "buy" && reference !== null) {
      const cost = order.volume.times(reference);
      const need = cost.plus(this.model.fee(cost));
      if (this.#wallet.total(quote).lt(need)) return `insufficient ${quote}: ${this.#wallet.total(quote)} free, ${need} needed`;
    }
    if (order.side === "sell" && this.#wallet.total(base).lt(order.volume))
      return `insufficient ${base}: ${this.#wallet.total(base)} free, ${order.volume} needed`;
    return null;
  }

  #end(order: PaperOrder, status: "canceled", reason: string): void {
    order.status = status;
    order.reason = reason;
    order.updatedAt = this.#clock.now();
  }

  #ack(order: PaperOrder): SubmitAck {
    return { clientOrderId: order.clientOrderId, venueOrderId: order.venueOrderId, status: order.status, time: order.createdAt };
  }

  #emit(event: VenueEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}

/**
 * The venue's id of an order, fixed by its account and client order id: unique whatever the
 * venue lost or found again (a journal write that timed out may still land, and a reload then
 * brings back an order the venue's memory never had — a counter would hand its number out twice,
 * and two orders' fills would share trade ids), and the same in every replay.
 */
function paperOrderId(accountId: number, clientOrderId: string): string {
  return `P-${createHash("sha256").update(`${accountId}:${clientOrderId}`).digest("hex").slice(0, 20)}`;
}

function toVenueOrder(o: PaperOrder): VenueOrder {
  return {
    clientOrderId: o.clientOrderId,
    venueOrderId: o.venueOrderId,
    symbol: o.symbol,
    side: o.side,
    orderType: o.orderType,
    volume: o.volume,
    price: o.price,
    status: o.status,
    filledVolume: o.filled,
    reason: o.reason,
    updatedAt: o.updatedAt,
  };
}
