import type { EntityManager, InferKyselyDB } from "@mikro-orm/postgresql";
import type { Decimal } from "@tradekit/domain";
import type { Kysely } from "kysely";
import type { TradekitEntity } from "./entities/index.js";

/**
 * How tradekit's Kysely instance names and converts: tables by entity name (`Trade`, `Order`),
 * columns by property name (`exTradeId`, `account` for the account's id), values through the
 * entities' types (a `numeric` column reads as Decimal, a `timestamptz` as Date).
 */
export const KYSELY_OPTIONS = {
  tableNamingStrategy: "entity",
  columnNamingStrategy: "property",
  convertValues: true,
} as const;

/** The trading schema as Kysely sees it, inferred from the entities. */
export type TradekitDB = InferKyselyDB<TradekitEntity, typeof KYSELY_OPTIONS>;

/** A Kysely instance over the trading schema, checked by the compiler against the entities. */
export type TradekitKysely = Kysely<TradekitDB>;

/** The typed Kysely instance of `em`, bound to its transaction when it is in one. */
export function typedKysely(em: EntityManager): TradekitKysely {
  return em.getKysely<TradekitDB>(KYSELY_OPTIONS);
}

/** The trading schema by its database names (`trades`, `ex_trade_id`), inferred from the entities. */
export type TradekitTableDB = InferKyselyDB<TradekitEntity>;

/** A row of `table` as the driver takes it: every Decimal already written as its exact text. */
export type StoredRow<T> = { [K in keyof T]: Stored<T[K]> };
// Distributes over a union: Decimal | null becomes string | null.
type Stored<V> = V extends Decimal ? string : V;

/**
 * Kysely over the database names with no value conversion, bound to `em`'s transaction: for bulk
 * writes that hand the driver ready values (converting 100,000 rows through the entity types
 * costs more than writing them). Checked by the compiler against the entities all the same.
 */
export function tableKysely(em: EntityManager): Kysely<TradekitTableDB> {
  return em.getKysely<TradekitTableDB>();
}
