import type { Ticker } from "@tradekit/cache";
import { Decimal, isTerminalStatus, type Order } from "@tradekit/domain";
import type { DatabaseContext } from "@tradekit/orm";
import type { RiskInputs } from "../risk/risk-checks.js";
import { type KillSwitchStatus, readKillSwitch } from "../risk/trading-state.js";
import { splitSymbol } from "../venue/paper-wallet.js";
import type { AccountState } from "./account-state.js";
import { type Ledger, type ManagerCore, SYMBOL_TTL_MS, utcDay } from "./manager-core.js";

interface AccountInputs extends AccountState {
  ledger: Ledger;
}

const ZERO = new Decimal(0);

/**
 * The account's realized-PnL curve (total and peak), read once and then kept by the fill booking.
 * Read it before saving new fills in a transaction: the sum would include them.
 */
export async function loadLedger(core: ManagerCore, db: DatabaseContext, accountId: number): Promise<Ledger> {
  const known = core.ledgers.get(accountId);
  if (known) return known;
  const [row] = await db.execute<{ cum: string; peak: string }>(
    `select coalesce(sum(roi), 0)::text as cum, greatest(coalesce(max(run), 0), 0)::text as peak
     from (select roi, sum(coalesce(roi, 0)) over (order by time, id) as run from trades where account_id = $1) t`,
    [accountId],
  );
  // Another lane may have read it meanwhile: the first one read is the one kept.
  const ledger = core.ledgers.get(accountId) ?? { cum: new Decimal(row?.cum ?? 0), peak: new Decimal(row?.peak ?? 0) };
  core.ledgers.set(accountId, ledger);
  return ledger;
}

/** Account value in `quote`: the quote balance plus the base balance at the last price. */
export function equityOf(
  balances: ReadonlyMap<string, { total: Decimal }>,
  symbol: string,
  last: Decimal | null,
): Decimal | null {
  const [base, quote] = splitSymbol(symbol);
  const q = balances.get(quote)?.total;
  if (q === undefined) return null;
  const b = balances.get(base)?.total ?? ZERO;
  return q.plus(last === null ? ZERO : b.times(last));
}

/** Percentage the account is below the peak of its equity curve (realized peak, open losses counted). */
export function drawdownPct(ledger: Ledger, equity: Decimal | null, unrealized: Decimal): Decimal {
  const down = ledger.peak.minus(ledger.cum).minus(Decimal.min(unrealized, ZERO));
  if (!down.gt(0) || equity === null) return ZERO;
  const peakEquity = equity.plus(down);
  return peakEquity.gt(0) ? down.div(peakEquity).times(100) : ZERO;
}

/**
 * Reads what the checks need for a batch of orders, one read per account and bot, inside the
 * batch's transaction. Tickers were read from the cache before the transaction began.
 */
export class RiskInputReader {
  readonly #accounts = new Map<number, AccountInputs>();
  readonly #killSwitch = new Map<string, KillSwitchStatus>();
  /** Symbols taken by orders accepted earlier in this batch, per account. */
  readonly #claimed = new Map<number, Set<string>>();

  constructor(
    readonly core: ManagerCore,
    readonly db: DatabaseContext,
    readonly tickers: ReadonlyMap<string, Ticker | null>,
  ) {}

  async read(order: Order): Promise<RiskInputs> {
    const exId = order.exId as number;
    const account = await this.#account(exId);
    const position = account.positions.get(order.symbol);
    const ticker = this.tickers.get(`${order.exchange}\u0000${order.symbol}`) ?? null;
    const last = ticker?.last ?? null;
    const volume = position?.volume ?? ZERO;
    const avg = position?.avgPrice ?? ZERO;
    const equity = safeEquity(account.balances, order.symbol, last);
    const unrealized = last === null || volume.isZero() ? ZERO : volume.times(last.minus(avg));
    return {
      now: this.core.clock.now(),
      killSwitch: await this.#ks(exId, order.botId as number),
      symbol: await this.#symbol(order.exchange, order.symbol),
      ticker: ticker === null ? null : { last: ticker.last, exchangeTime: ticker.exchangeTime },
      maxTickerAgeMs: this.core.options.maxTickerAgeMs,
      positionVolume: volume,
      positionAvgPrice: avg,
      otherOpenPositions: this.#openSymbols(exId, account).filter((s) => s !== order.symbol).length,
      equity,
      dailyPnl: account.dailyPnl,
      drawdownPct: drawdownPct(account.ledger, equity, unrealized),
    };
  }

  /** Counts `order`'s symbol as taken for the rest of the batch. */
  claim(order: Order): void {
    const exId = order.exId as number;
    const set = this.#claimed.get(exId) ?? new Set();
    set.add(order.symbol);
    this.#claimed.set(exId, set);
  }

  #openSymbols(exId: number, account: AccountInputs): string[] {
    const symbols = new Set<string>();
    for (const [symbol, position] of account.positions) if (!position.volume.isZero()) symbols.add(symbol);
    for (const t of this.core.book.values())
      if (t.order.exId === exId && !isTerminalStatus(t.order.status)) symbols.add(t.order.symbol);
    for (const s of this.#claimed.get(exId) ?? []) symbols.add(s);
    return [...symbols];
  }

  async #account(exId: number): Promise<AccountInputs> {
    const known = this.#accounts.get(exId);
    if (known) return known;
    const state = await this.core.states.read(this.db, exId, utcDay(this.core.clock.now()));
    const inputs = { ...state, ledger: await loadLedger(this.core, this.db, exId) };
    this.#accounts.set(exId, inputs);
    return inputs;
  }

  async #ks(accountId: number, botId: number): Promise<KillSwitchStatus> {
    const key = `${accountId}:${botId}`;
    const known = this.#killSwitch.get(key);
    if (known) return known;
    const status = await readKillSwitch(this.db, { accountId, botId });
    this.#killSwitch.set(key, status);
    return status;
  }

  // The catalog changes seldom and the read costs two statements per batch: it is kept for SYMBOL_TTL_MS (wall clock).
  async #symbol(exchange: string, symbol: string): Promise<{ minLot: Decimal } | null> {
    const key = `${exchange}\u0000${symbol}`;
    const known = this.core.symbols.get(key);
    if (known && known.until > Date.now()) return known.value;
    const found = await this.db.symbols.findBySymbol(exchange, symbol);
    const value = found?.active ? { minLot: found.minLot } : null;
    this.core.symbols.set(key, { value, until: Date.now() + SYMBOL_TTL_MS });
    return value;
  }
}

function safeEquity(balances: ReadonlyMap<string, { total: Decimal }>, symbol: string, last: Decimal | null): Decimal | null {
  try {
    return equityOf(balances, symbol, last);
  } catch {
    // A symbol not written BASE/QUOTE is refused by the symbol check; equity is then unknown.
    return null;
  }
}
