import { p } from "@mikro-orm/core";
import { DecimalType } from "../types/decimal-type.js";
import { SecretType } from "../types/secret-type.js";

/** An exact numeric column read as Decimal (prices, volumes, fees, PnL). */
export const money = () => p.type(DecimalType);
/** A `timestamptz` column. */
export const instant = () => p.datetime();
/** A `timestamptz` column set to now when the row is created. */
export const createdAt = () => p.datetime().onCreate(() => new Date());
/** An encrypted credential column, hidden from every serialization. */
export const secret = () => p.type(SecretType).hidden();
