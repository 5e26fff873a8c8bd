import { ValidationError } from "@tradekit/domain";
import { type Account, type BalanceInput, decodeAccount, encodeAccount } from "./account-balance.js";
import { BaseCache } from "./base-cache.js";
import { type CacheOptions, openCacheContext } from "./cache-options.js";
import { type CachedPosition, decodePosition, encodePosition, type PositionInput } from "./cached-position.js";
import { optimisticUpdate } from "./optimistic-update.js";

const exIdOf = (exId: number): number => {
  if (!Number.isSafeInteger(exId)) throw ValidationError.invalid("exId", exId, "an integer exchange account id");
  return exId;
};

/**
 * Exchange positions and balances as the account feed reports them: one hash of positions per
 * account (field = symbol) and one hash of balances (field = exId). No TTL: the feed owns them.
 */
export class AccountCache extends BaseCache {
  /** Opens an AccountCache on the process-wide store (or `options.store`). */
  static async open(options: CacheOptions = {}): Promise<AccountCache> {
    return new AccountCache(await openCacheContext(options));
  }

  /** Writes the positions of account `exId` in one atomic write (others of the account stay). */
  async upsertPositions(exId: number, positions: readonly PositionInput[]): Promise<void> {
    const now = Date.now();
    // no prototype: a symbol named __proto__ is a field like any other, not the object's prototype
    const fields = Object.create(null) as Record<string, string>;
    positions.forEach((p, row) => {
      try {
        fields[p.symbol] = encodePosition(p, now);
      } catch (error) {
        throw ValidationError.inRow(row, error, "position");
      }
    });
    await this.store.exec([{ op: "hset", key: this.keys.positions(exIdOf(exId)), fields }]);
  }

  /** Writes one position of account `exId`. */
  async upsertPosition(exId: number, position: PositionInput): Promise<void> {
    await this.store.exec([
      { op: "hset", key: this.keys.positions(exIdOf(exId)), fields: { [position.symbol]: encodePosition(position, Date.now()) } },
    ]);
  }

  /** The position of `symbol` on account `exId`; a flat one (volume 0) when none is cached. */
  async getPosition(exId: number, symbol: string): Promise<CachedPosition> {
    return decodePosition(exId, symbol, await this.store.hget(this.keys.positions(exIdOf(exId)), symbol));
  }

  /** Every cached position of account `exId`, by symbol. */
  async getAllPositions(exId: number): Promise<Map<string, CachedPosition>> {
    const all = await this.store.hgetall(this.keys.positions(exIdOf(exId)));
    return new Map(Object.entries(all).map(([symbol, text]) => [symbol, decodePosition(exId, symbol, text)]));
  }

  /**
   * Changes one position from its current value without losing a concurrent writer's change:
   * `change` gets the current position and may be called again if another writer won.
   */
  async updatePosition(
    exId: number,
    symbol: string,
    change: (current: CachedPosition) => PositionInput,
  ): Promise<CachedPosition> {
    const key = this.keys.positions(exIdOf(exId));
    return optimisticUpdate(`updatePosition(${exId}, ${symbol})`, async () => {
      const before = await this.store.hget(key, symbol);
      const next = change(decodePosition(exId, symbol, before));
      if (next.symbol !== symbol)
        throw ValidationError.invalid("position.symbol", next.symbol, `the symbol being updated, ${symbol}`);
      const text = encodePosition(next, Date.now());
      const done = await this.store.execIf({ key, field: symbol, equals: before }, [
        { op: "hset", key, fields: { [symbol]: text } },
      ]);
      return done ? decodePosition(exId, symbol, text) : undefined;
    });
  }

  /** Removes every cached position of account `exId` (before a full resync from the exchange). */
  async cleanPositions(exId: number): Promise<void> {
    await this.store.exec([{ op: "del", keys: [this.keys.positions(exIdOf(exId))] }]);
  }

  /** Replaces the balances of account `exId` (asset -> free/used/total). */
  async upsertAccount(exId: number, balances: Readonly<Record<string, BalanceInput>>): Promise<void> {
    await this.store.exec([
      { op: "hset", key: this.keys.accounts(), fields: { [String(exIdOf(exId))]: encodeAccount(balances, Date.now()) } },
    ]);
  }

  /** The balances of account `exId`, or null when the feed never wrote them. */
  async getAccount(exId: number): Promise<Account | null> {
    const text = await this.store.hget(this.keys.accounts(), String(exIdOf(exId)));
    return text === null ? null : decodeAccount(exId, text);
  }

  /** The balances of every account, by exId. */
  async getAllAccounts(): Promise<Map<number, Account>> {
    const all = await this.store.hgetall(this.keys.accounts());
    return new Map(Object.entries(all).map(([id, text]) => [Number(id), decodeAccount(Number(id), text)]));
  }
}
