import type { EntityManager } from "@mikro-orm/postgresql";
import { Position, type PositionDict, type PositionMethod } from "@tradekit/domain";
import { TradeStreamEntity } from "../entities/index.js";
import type { TradekitKysely } from "../typed-kysely.js";
import type { StreamKey, StreamPoint } from "./trade-stream-store.js";

/** The Position of a stream after its last stored fill. */
export interface StreamCheckpoint {
  last: StreamPoint;
  position: Position;
}

/** What is recorded of a stream: the position method it is accounted with, and where it stands. */
export interface StreamRecord {
  method: PositionMethod;
  /** Null when it is behind the stored fills (a fill written by something other than this repository): replay then. */
  checkpoint: StreamCheckpoint | null;
}

/** The record of `key`, or null for a stream this repository never wrote. */
export async function loadStream(db: TradekitKysely, key: StreamKey): Promise<StreamRecord | null> {
  // One statement: the record, and whether a fill stored after its checkpoint exists (every
  // saveTrades reads this, and a second statement was a second round trip).
  const row = await db
    .selectFrom("TradeStream as s")
    .select((eb) => [
      "s.method",
      "s.lastTime",
      "s.lastTradeId",
      "s.state",
      eb
        .exists(
          eb
            .selectFrom("Trade as t")
            .select("t.id")
            .whereRef("t.account", "=", "s.account")
            .whereRef("t.symbol", "=", "s.symbol")
            .whereRef("t.time", ">=", "s.lastTime")
            .where((w) => w(w.refTuple("t.time", "t.id"), ">", w.refTuple("s.lastTime", "s.lastTradeId"))),
        )
        .as("behind"),
    ])
    .where("s.account", "=", key.exId)
    .where("s.symbol", "=", key.symbol)
    .executeTakeFirst();
  if (!row) return null;
  const checkpoint = row.behind
    ? null
    : {
        last: { time: row.lastTime, id: row.lastTradeId },
        position: Position.fromDict(row.state as unknown as PositionDict),
      };
  return { method: row.method, checkpoint };
}

/** Records `position` (and so the stream's method) as the state of `key` after its fill `last`. */
export async function saveCheckpoint(db: TradekitKysely, key: StreamKey, last: StreamPoint, position: Position): Promise<void> {
  // A typed Kysely upsert: every booking writes one, and the EntityManager's upsert (entity,
  // identity map, change set) cost more than the statement.
  const values = {
    method: position.method,
    lastTime: last.time,
    lastTradeId: last.id,
    state: position.toDict() as unknown as Record<string, unknown>,
    updatedAt: new Date(),
  };
  await db
    .insertInto("TradeStream")
    .values({ account: key.exId, symbol: key.symbol, ...values })
    .onConflict((oc) => oc.columns(["account", "symbol"]).doUpdateSet(values))
    .execute();
}

/** Forgets everything about `key` (a stream left with no fill). */
export async function dropCheckpoint(em: EntityManager, key: StreamKey): Promise<void> {
  await em.nativeDelete(TradeStreamEntity, { account: key.exId, symbol: key.symbol });
}
