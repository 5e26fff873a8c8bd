import { LockMode, UniqueConstraintViolationException } from "@mikro-orm/core";
import { type DecimalInput, NotFoundError, type Position, toDecimal, ValidationError } from "@tradekit/domain";
import { ConcurrentUpdateError } from "../database-errors.js";
import { PositionSnapshotEntity } from "../entities/index.js";
import { type PositionSnapshot, positionColumns, toPositionSnapshot } from "../mapping/position-snapshot-mapping.js";
import { optionalId, requireId, requireText } from "../models/input-checks.js";
import { advisoryLock } from "./advisory-lock.js";
import type { RepositoryContext } from "./repository-context.js";

export type { PositionSnapshot } from "../mapping/position-snapshot-mapping.js";

type Snapshot = InstanceType<typeof PositionSnapshotEntity.class>;

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
  // What this context read, per (account, symbol): the entity, or null when none was open.
  readonly #read = new Map<string, Snapshot | null>();

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
    const em = this.ctx.em;
    const snapshot =
      read ?? (read === null ? null : await em.findOne(PositionSnapshotEntity, { account: exId, symbol, isOpen: true }));
    if (options.expectedVersion !== undefined && snapshot?.version !== options.expectedVersion) {
      throw new ConcurrentUpdateError("position snapshot", { exId, symbol }, { expectedVersion: options.expectedVersion });
    }
    const now = new Date();
    const target =
      snapshot ??
      em.create(PositionSnapshotEntity, {
        account: exId,
        bot: botId,
        symbol,
        ...positionColumns(position),
        isOpen: true,
        openedAt: now,
        updatedAt: now,
      });
    if (snapshot) {
      em.assign(snapshot, { ...positionColumns(position), updatedAt: now, ...(botId === null ? {} : { bot: botId }) });
    }
    try {
      await em.flush();
    } catch (error) {
      // The version check failed (OptimisticLockError), or another writer opened the first snapshot.
      if (error instanceof UniqueConstraintViolationException || (error as Error).name === "OptimisticLockError") {
        throw new ConcurrentUpdateError("position snapshot", { exId, symbol }, { cause: error });
      }
      throw error;
    }
    this.#read.set(key, target);
    return toPositionSnapshot(target);
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
