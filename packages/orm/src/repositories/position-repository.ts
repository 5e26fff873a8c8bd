import { LockMode } from "@mikro-orm/core";
import { type DecimalInput, DuplicateError, NotFoundError, Position, toDecimal, ValidationError } from "@tradekit/domain";
import type { ExpressionBuilder, Insertable } from "kysely";
import { ConcurrentUpdateError } from "../database-errors.js";
import { PositionSnapshotEntity } from "../entities/index.js";
import { mapDatabaseError } from "../errors.js";
import { type PositionSnapshot, toPositionSnapshot } from "../mapping/position-snapshot-mapping.js";
import { optionalId, requireId, requireText } from "../models/input-checks.js";
import { type StoredRow, type TradekitTableDB, tableKysely } from "../typed-kysely.js";
import { advisoryLock } from "./advisory-lock.js";
import { timestampOf } from "./pg-timestamp.js";
import type { RepositoryContext } from "./repository-context.js";

export type { PositionSnapshot } from "../mapping/position-snapshot-mapping.js";

/** Options of updatePosition. */
export interface UpdatePositionOptions {
  botId?: number | null;
  /** Write only if the open snapshot is still at this version (ConcurrentUpdateError otherwise). */
  expectedVersion?: number;
}

const keyOf = (exId: number, symbol: string) => `${exId}\u0000${symbol}`;

/**
 * Position snapshots, so a restarted order manager or a reconciliation run continues exactly
 * where the last one stopped. At most one open snapshot per (account, symbol).
 *
 * Read-modify-write safely in one of two ways:
 * - optimistic (the default once you read): `getPosition`, change the Position, `updatePosition`
 *   in the same context. The write succeeds only if nobody wrote the snapshot since this context
 *   read it; otherwise ConcurrentUpdateError, and the caller retries in a new context. Best when
 *   conflicts are rare (one order manager per account).
 * - locking: `getPosition(exId, symbol, { lock: true })` takes the row (and the key, so even a
 *   first snapshot) for this transaction; other lockers wait until it commits. Best when many
 *   writers update the same position at once and a retry is costly.
 * An `updatePosition` without a prior read in the context writes unconditionally (last writer wins).
 */
export class PositionRepository {
  // What this context read or wrote, per (account, symbol): its version, or null when none was open.
  readonly #read = new Map<string, { version: number } | null>();

  constructor(protected readonly ctx: RepositoryContext) {}

  /**
   * Saves `position` as the open snapshot of its (account, symbol), replacing the previous state.
   * A flat position is saved too (closing is explicit: closePosition). ConcurrentUpdateError when
   * this context read the snapshot (or `expectedVersion` was given) and another transaction
   * wrote it since.
   */
  async updatePosition(position: Position, options: UpdatePositionOptions = {}): Promise<PositionSnapshot> {
    if (position.exId === null) {
      throw ValidationError.invalid("exId", position.exId, "the exchange account id of the position (new Position({ exId }))");
    }
    const exId = requireId("exId", position.exId);
    const symbol = requireText("symbol", position.symbol);
    const botId = optionalId("botId", options.botId);
    const key = keyOf(exId, symbol);
    const read = this.#read.get(key);
    const now = new Date();
    type Row = StoredRow<Insertable<TradekitTableDB["position_snapshots"]>>;
    const dict = position.toDict();
    const columns = {
      method: position.method,
      volume: position.volume.toFixed(),
      avg_price: position.avgPrice.toFixed(),
      realized_pnl: position.realizedPnl.toFixed(),
      open_cost: position.openCost.toFixed(),
      closed_cost: position.closedCost.toFixed(),
      state: dict as unknown as Record<string, unknown>,
      updated_at: now,
      ...(botId === null ? {} : { bot_id: botId }),
    } satisfies Partial<Row>;
    const fresh: Row = { account_id: exId, symbol, bot_id: botId, ...columns, is_open: true, opened_at: now, version: 1 };
    const update = (eb: ExpressionBuilder<TradekitTableDB, "position_snapshots">) =>
      ({ ...columns, version: eb("position_snapshots.version", "+", 1) }) as never;
    const insert = fresh as unknown as Insertable<TradekitTableDB["position_snapshots"]>;
    // One typed Kysely statement, on the database names with the values as exact text: the
    // EntityManager's read, change set and flush cost several times the statement on every booking.
    const db = tableKysely(this.ctx.em);
    const expected = options.expectedVersion ?? (read ? read.version : undefined);
    const written = ["id", "bot_id", "opened_at", "version"] as const;
    // opened_at comes back as PostgreSQL text through this instance (timestampOf reads it).
    let row: { id: number; bot_id: number | null; opened_at: Date | string; version: number } | undefined;
    try {
      if (expected !== undefined) {
        // Optimistic: only the version this context read (or the caller named) is replaced.
        row = await db
          .updateTable("position_snapshots")
          .set(update)
          .where("account_id", "=", exId)
          .where("symbol", "=", symbol)
          .where("is_open", "=", true)
          .where("version", "=", expected)
          .returning(written)
          .executeTakeFirst();
      } else if (read === null) {
        // This context saw none open: a first snapshot, refused if another writer opened one since.
        row = await db.insertInto("position_snapshots").values(insert).returning(written).executeTakeFirst();
      } else {
        // Not read in this context: the last writer wins, as one upsert on the one-open index.
        row = await db
          .insertInto("position_snapshots")
          .values(insert)
          .onConflict((oc) =>
            oc
              .columns(["account_id", "symbol"])
              // A literal, not a parameter: the one-open index is found by its predicate.
              .where((eb) => eb("is_open", "=", eb.lit(true)))
              .doUpdateSet(update),
          )
          .returning(written)
          .executeTakeFirst();
      }
    } catch (error) {
      if (mapDatabaseError(error) instanceof DuplicateError)
        throw new ConcurrentUpdateError("position snapshot", { exId, symbol }, { cause: error });
      throw error;
    }
    if (!row) {
      throw new ConcurrentUpdateError("position snapshot", { exId, symbol }, { expectedVersion: expected });
    }
    this.#read.set(key, { version: row.version });
    // The row holds what was written: the snapshot is built from it and the four values the
    // database set, not read back (its state parsed, an entity hydrated).
    return {
      id: row.id,
      position: Position.fromDict(dict),
      botId: row.bot_id,
      isOpen: true,
      openedAt: timestampOf(row.opened_at) as Date,
      updatedAt: now,
      closedAt: null,
      finalPnl: null,
      version: row.version,
    };
  }

  /**
   * The open snapshot of `symbol` on account `exId`, or null when there is none. With
   * `{ lock: true }` it is locked for this transaction (SELECT ... FOR UPDATE, and the
   * (account, symbol) key itself so a snapshot that does not exist yet is covered too).
   */
  async getPosition(exId: number, symbol: string, options: { lock?: boolean } = {}): Promise<PositionSnapshot | null> {
    requireId("exId", exId);
    requireText("symbol", symbol);
    if (options.lock) await advisoryLock(this.ctx.db, "tradekit.positions", String(exId), symbol);
    const snapshot = await this.ctx.em.findOne(
      PositionSnapshotEntity,
      { account: exId, symbol, isOpen: true },
      { refresh: true, ...(options.lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {}) },
    );
    this.#read.set(keyOf(exId, symbol), snapshot);
    return snapshot ? toPositionSnapshot(snapshot) : null;
  }

  /** Every open snapshot (of account `exId` when given), by symbol. */
  async getOpenPositions(exId?: number): Promise<PositionSnapshot[]> {
    const snapshots = await this.ctx.em.find(
      PositionSnapshotEntity,
      { isOpen: true, ...(exId === undefined ? {} : { account: requireId("exId", exId) }) },
      { orderBy: { symbol: "asc", id: "asc" }, refresh: true },
    );
    for (const s of snapshots) this.#read.set(keyOf(s.account.id, s.symbol), s);
    return snapshots.map(toPositionSnapshot);
  }

  /** Closes open snapshot `id` with the PnL it ended with; NotFoundError unless it is open. */
  async closePosition(id: number, finalPnl: DecimalInput): Promise<PositionSnapshot> {
    const pnl = toDecimal(finalPnl, "finalPnl");
    const snapshot = await this.ctx.em.findOne(
      PositionSnapshotEntity,
      { id: requireId("id", id), isOpen: true },
      { refresh: true },
    );
    if (!snapshot) throw NotFoundError.of("open position snapshot", id);
    const now = new Date();
    this.ctx.em.assign(snapshot, { isOpen: false, closedAt: now, updatedAt: now, finalPnl: pnl });
    await this.ctx.em.flush();
    this.#read.delete(keyOf(snapshot.account.id, snapshot.symbol));
    return toPositionSnapshot(snapshot);
  }

  /** How many snapshots are open (on account `exId` when given). */
  getOpenPositionCount(exId?: number): Promise<number> {
    return this.ctx.em.count(PositionSnapshotEntity, {
      isOpen: true,
      ...(exId === undefined ? {} : { account: requireId("exId", exId) }),
    });
  }
}
