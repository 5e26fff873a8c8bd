import { NotFoundError, toNonNegativeDecimal, ValidationError } from "@tradekit/domain";
import type { Insertable } from "kysely";
import { BalanceEntity, BalanceHistoryEntity } from "../entities/index.js";
import { toBalance, toBalanceRecord } from "../mapping/monitoring-mapping.js";
import type { Balance, BalanceInput } from "../models/balance.js";
import { limitOf, requireDate, requireId, requireText, storableDecimal } from "../models/input-checks.js";
import { type StoredRow, type TradekitTableDB, tableKysely } from "../typed-kysely.js";
import type { RepositoryContext } from "./repository-context.js";

/** A checked balance input as column values. */
function checked(input: BalanceInput) {
  const free = storableDecimal("free", toNonNegativeDecimal(input.free, "free"));
  const locked = storableDecimal("locked", toNonNegativeDecimal(input.locked, "locked"));
  const total =
    input.total === undefined ? free.plus(locked) : storableDecimal("total", toNonNegativeDecimal(input.total, "total"));
  const time = input.time === undefined ? new Date() : requireDate("time", input.time);
  return {
    account: requireId("accountId", input.accountId),
    currency: requireText("currency", input.currency),
    free,
    locked,
    total,
    time,
  };
}

const keyOf = (accountId: number, currency: string) => `${accountId}\u0000${currency}`;

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
    const keys = rows.map((r) => keyOf(r.account, r.currency));
    const twice = keys.findIndex((k, i) => keys.indexOf(k) !== i);
    if (twice >= 0) {
      throw ValidationError.inRow(
        twice,
        ValidationError.invalid("currency", rows[twice]?.currency, "given once per account in a batch"),
        "balance",
      );
    }
    if (rows.length === 0) return [];
    const sorted = [...rows].sort(
      (a, b) => a.account - b.account || (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0),
    );
    // The history rows and the upsert in one statement (the insert a data-modifying CTE): every
    // fill's booking writes balances, and two statements were two round trips.
    const column = (r: (typeof sorted)[number]): Omit<StoredRow<Insertable<TradekitTableDB["balances"]>>, "updated_at"> => ({
      account_id: r.account,
      currency: r.currency,
      free: r.free.toFixed(),
      locked: r.locked.toFixed(),
      total: r.total.toFixed(),
    });
    await tableKysely(this.ctx.em)
      .with("history", (q) =>
        q
          .insertInto("balance_history")
          .values(
            sorted.map((r) => ({ ...column(r), time: r.time })) as unknown as Insertable<TradekitTableDB["balance_history"]>[],
          ),
      )
      .insertInto("balances")
      .values(sorted.map((r) => ({ ...column(r), updated_at: r.time })) as unknown as Insertable<TradekitTableDB["balances"]>[])
      .onConflict((oc) =>
        oc.columns(["account_id", "currency"]).doUpdateSet((eb) => ({
          free: eb.ref("excluded.free"),
          locked: eb.ref("excluded.locked"),
          total: eb.ref("excluded.total"),
          updated_at: eb.ref("excluded.updated_at"),
        })),
      )
      .execute();
    // The rows now hold exactly these values (numeric keeps every digit): the balances are the
    // inputs, not a read of the rows back through an entity each.
    const byKey = new Map(
      sorted.map((r) => [
        keyOf(r.account, r.currency),
        Object.freeze({
          accountId: r.account,
          currency: r.currency,
          free: r.free,
          locked: r.locked,
          total: r.total,
          time: r.time,
        }) satisfies Balance,
      ]),
    );
    return keys.map((k) => byKey.get(k) as Balance);
  }

  /** The balance of `currency` on account `accountId`; NotFoundError when never reported. */
  async get(accountId: number, currency: string): Promise<Balance> {
    const row = await this.ctx.em.findOne(
      BalanceEntity,
      { account: requireId("accountId", accountId), currency: requireText("currency", currency) },
      { refresh: true },
    );
    if (!row) throw NotFoundError.of(`balance of account ${accountId}`, currency);
    return toBalance(row);
  }

  /** Every balance of account `accountId`, by currency. */
  async getByAccount(accountId: number): Promise<Balance[]> {
    const rows = await this.ctx.em.find(
      BalanceEntity,
      { account: requireId("accountId", accountId) },
      { orderBy: { currency: "asc" }, refresh: true },
    );
    return rows.map(toBalance);
  }

  /** The recorded values of one balance, oldest first, optionally within [since, until). */
  async getHistory(
    accountId: number,
    currency: string,
    options: { since?: Date; until?: Date; limit?: number } = {},
  ): Promise<Balance[]> {
    const time = {
      ...(options.since === undefined ? {} : { $gte: requireDate("since", options.since) }),
      ...(options.until === undefined ? {} : { $lt: requireDate("until", options.until) }),
    };
    const rows = await this.ctx.em.find(
      BalanceHistoryEntity,
      {
        account: requireId("accountId", accountId),
        currency: requireText("currency", currency),
        ...(Object.keys(time).length ? { time } : {}),
      },
      { orderBy: { time: "asc", id: "asc" }, limit: limitOf(options.limit, 10_000, 1_000_000), refresh: true },
    );
    return rows.map(toBalanceRecord);
  }
}
