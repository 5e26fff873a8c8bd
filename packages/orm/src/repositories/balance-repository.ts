import { NotFoundError, toNonNegativeDecimal, ValidationError } from "@tradekit/domain";
import type { Balance, BalanceInput } from "../models/balance.js";
import { limitOf, requireDate, requireId, requireText } from "../models/input-checks.js";
import type { RepositoryContext } from "./repository-context.js";
import { dateOf, decimalOf, idOf } from "./row-values.js";

const toBalance = (r: Record<string, unknown>): Balance =>
  Object.freeze({
    accountId: idOf(r.account_id),
    currency: String(r.currency),
    free: decimalOf(r.free),
    locked: decimalOf(r.locked),
    total: decimalOf(r.total),
    time: dateOf(r.time),
  });

/** A checked balance input as column values. */
function checked(input: BalanceInput): [number, string, string, string, string, Date] {
  const free = toNonNegativeDecimal(input.free, "free");
  const locked = toNonNegativeDecimal(input.locked, "locked");
  const total = input.total === undefined ? free.plus(locked) : toNonNegativeDecimal(input.total, "total");
  const time = input.time === undefined ? new Date() : requireDate("time", input.time);
  return [
    requireId("accountId", input.accountId),
    requireText("currency", input.currency),
    free.toFixed(),
    locked.toFixed(),
    total.toFixed(),
    time,
  ];
}

/** Balances per (account, currency), each change also kept in the history. */
export class BalanceRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /** Sets the balance of one currency on one account and records it in the history. */
  async upsert(input: BalanceInput): Promise<Balance> {
    const [balance] = await this.upsertMany([input]);
    return balance as Balance;
  }

  /**
   * Upserts many balances at once (a venue's balance snapshot). One invalid row writes nothing:
   * ValidationError names it. Rows are written in (account, currency) order so two snapshots
   * of overlapping accounts cannot deadlock.
   */
  async upsertMany(inputs: readonly BalanceInput[]): Promise<Balance[]> {
    const rows = inputs.map((input, i) => {
      try {
        return checked(input);
      } catch (error) {
        throw ValidationError.inRow(i, error, "balance");
      }
    });
    const keys = rows.map((r) => `${r[0]}\u0000${r[1]}`);
    const twice = keys.findIndex((k, i) => keys.indexOf(k) !== i);
    if (twice >= 0) {
      throw ValidationError.inRow(
        twice,
        ValidationError.invalid("currency", rows[twice]?.[1], "given once per account in a batch"),
        "balance",
      );
    }
    if (rows.length === 0) return [];
    const sorted = [...rows].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    const cols = [0, 1, 2, 3, 4, 5].map((c) => sorted.map((r) => r[c]));
    const written = await this.ctx.sql.execute(
      `with input as (
         select * from unnest($1::int[], $2::text[], $3::numeric[], $4::numeric[], $5::numeric[], $6::timestamptz[])
           as t(account_id, currency, free, locked, total, time)),
       history as (insert into balance_history (account_id, currency, free, locked, total, time) select * from input)
       insert into balances (account_id, currency, free, locked, total, updated_at) select * from input
       on conflict (account_id, currency) do update set free = excluded.free, locked = excluded.locked, total = excluded.total,
         updated_at = excluded.updated_at
       returning account_id, currency, free, locked, total, updated_at as time`,
      cols,
    );
    const byKey = new Map(written.map((r) => [`${r.account_id}\u0000${r.currency}`, toBalance(r)]));
    return keys.map((k) => byKey.get(k) as Balance);
  }

  /** The balance of `currency` on account `accountId`; NotFoundError when never reported. */
  async get(accountId: number, currency: string): Promise<Balance> {
    const rows = await this.ctx.sql.execute(
      "select account_id, currency, free, locked, total, updated_at as time from balances where account_id = $1 and currency = $2",
      [requireId("accountId", accountId), requireText("currency", currency)],
    );
    if (!rows[0]) throw NotFoundError.of(`balance of account ${accountId}`, currency);
    return toBalance(rows[0]);
  }

  /** Every balance of account `accountId`, by currency. */
  async getByAccount(accountId: number): Promise<Balance[]> {
    const rows = await this.ctx.sql.execute(
      "select account_id, currency, free, locked, total, updated_at as time from balances where account_id = $1 order by currency",
      [requireId("accountId", accountId)],
    );
    return rows.map(toBalance);
  }

  /** The recorded values of one balance, oldest first, optionally within [since, until). */
  async getHistory(
    accountId: number,
    currency: string,
    options: { since?: Date; until?: Date; limit?: number } = {},
  ): Promise<Balance[]> {
    const params: unknown[] = [requireId("accountId", accountId), requireText("currency", currency)];
    let where = "account_id = $1 and currency = $2";
    if (options.since !== undefined) {
      params.push(requireDate("since", options.since));
      where += ` and time >= $${params.length}`;
    }
    if (options.until !== undefined) {
      params.push(requireDate("until", options.until));
      where += ` and time < $${params.length}`;
    }
    const rows = await this.ctx.sql.execute(
      `select account_id, currency, free, locked, total, time from balance_history where ${where} order by time, id
       limit ${limitOf(options.limit, 10_000, 1_000_000)}`,
      params,
    );
    return rows.map(toBalance);
  }
}
