import type { InferEntity } from "@mikro-orm/core";
import type { Decimal, Position as PositionType } from "@tradekit/domain";
import { Position, type PositionDict } from "@tradekit/domain";
import type { PositionSnapshotEntity } from "../entities/index.js";

/** A saved Position with its bookkeeping. */
export interface PositionSnapshot {
  id: number;
  position: PositionType;
  botId: number | null;
  isOpen: boolean;
  openedAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  /** Set by closePosition: the realized PnL the position ended with. */
  finalPnl: Decimal | null;
  /** Bumped by every write; pass it back as `expectedVersion` to update only what you read. */
  version: number;
}

type SnapshotRow = InferEntity<typeof PositionSnapshotEntity>;

/** A position_snapshots entity as the model. */
export function toPositionSnapshot(e: SnapshotRow): PositionSnapshot {
  return {
    id: e.id,
    position: Position.fromDict(e.state as unknown as PositionDict),
    botId: e.bot?.id ?? null,
    isOpen: e.isOpen,
    openedAt: e.openedAt,
    updatedAt: e.updatedAt,
    closedAt: e.closedAt ?? null,
    finalPnl: e.finalPnl ?? null,
    version: e.version,
  };
}

/** The columns a Position fills in its snapshot. */
export function positionColumns(position: PositionType) {
  return {
    method: position.method,
    volume: position.volume,
    avgPrice: position.avgPrice,
    realizedPnl: position.realizedPnl,
    openCost: position.openCost,
    closedCost: position.closedCost,
    state: position.toDict() as unknown as Record<string, unknown>,
  };
}
