import { type Decimal, Position } from "@tradekit/domain";
import type { DatabaseContext } from "@tradekit/orm";

/** What the risk checks read of an account: its positions, balances and today's realized PnL. */
export interface AccountState {
  positions: ReadonlyMap<string, Position>;
  balances: ReadonlyMap<string, { total: Decimal }>;
  day: string;
  dailyPnl: Decimal;
}

/** What a committed booking changed on an account. */
export interface BookedChange {
  positions: readonly Position[];
  /** Every balance of the account after the booking (null: untouched). */
  balances: ReadonlyMap<string, Decimal> | null;
  /** Realized PnL added per UTC day. */
  pnlByDay: ReadonlyMap<string, Decimal>;
}

/**
 * The accounts' states, read from the database once and then moved on by the bookings' commits,
 * so checking a batch of requests costs no reads of them (and no parse of every open lot). Sound
 * because one manager owns an account's bots and alone writes its positions, balances and daily
 * statistics (as for the PnL curve, risk-inputs.ts); the reconciliation, which may take the
 * venue's balances, forgets the account, and so does taking the bots over. A read that a booking
 * committed during is used once and not kept.
 */
export class AccountStates {
  readonly #states = new Map<number, AccountState>();
  readonly #versions = new Map<number, number>();

  /** The state of account `exId` on `day` (UTC), from memory or read in `db`'s transaction. */
  async read(db: DatabaseContext, exId: number, day: string): Promise<AccountState> {
    const known = this.#states.get(exId);
    if (known && known.day === day) return known;
    const version = this.#versions.get(exId) ?? 0;
    const positions = new Map((await db.positions.getOpenPositions(exId)).map((p) => [p.position.symbol, p.position]));
    const balances = new Map((await db.balances.getByAccount(exId)).map((b) => [b.currency, { total: b.total }]));
    const daily = await db.dailyStats.get(exId, day);
    const state: AccountState = { positions, balances, day, dailyPnl: daily.realizedPnl };
    if ((this.#versions.get(exId) ?? 0) === version) this.#states.set(exId, state);
    return state;
  }

  /** Moves the kept state of `exId` on by a committed booking. */
  booked(exId: number, change: BookedChange): void {
    this.#versions.set(exId, (this.#versions.get(exId) ?? 0) + 1);
    const known = this.#states.get(exId);
    if (!known) return;
    const positions = new Map(known.positions);
    // A booking writes a Position read afresh and never touches it again: kept as it is.
    for (const p of change.positions) positions.set(p.symbol, p);
    const balances = change.balances
      ? new Map([...change.balances].map(([currency, total]) => [currency, { total }]))
      : known.balances;
    const dailyPnl = known.dailyPnl.plus(change.pnlByDay.get(known.day) ?? 0);
    this.#states.set(exId, { positions, balances, day: known.day, dailyPnl });
  }

  /** The kept balances of `exId` (undefined when the account is not kept). */
  balances(exId: number): ReadonlyMap<string, Decimal> | undefined {
    const known = this.#states.get(exId);
    return known && new Map([...known.balances].map(([currency, b]) => [currency, b.total]));
  }

  /**
   * A copy of the kept open position of `symbol` on `exId` to move on (null: the account has none;
   * undefined: the account is not kept, read the database).
   */
  position(exId: number, symbol: string): Position | null | undefined {
    const known = this.#states.get(exId);
    if (!known) return undefined;
    const p = known.positions.get(symbol);
    return p ? Position.fromDict(p.toDict()) : null;
  }

  /** Forgets account `exId` (every account when omitted): the next read goes to the database. */
  forget(exId?: number): void {
    for (const id of exId === undefined ? [...this.#states.keys(), ...this.#versions.keys()] : [exId]) {
      this.#versions.set(id, (this.#versions.get(id) ?? 0) + 1);
      this.#states.delete(id);
    }
  }
}
