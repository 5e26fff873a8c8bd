import { type Platform, Type } from "@mikro-orm/core";
import { Decimal, type DecimalInput, toDecimal } from "@tradekit/domain";

/**
 * Maps an unconstrained PostgreSQL `numeric` to the domain Decimal. Unconstrained so a value keeps
 * every digit it was computed with (a percentage with 40 significant digits reads back equal);
 * the driver hands numerics over as strings, so no float ever sits in between.
 */
export class DecimalType extends Type<Decimal | null, string | null> {
  // Typed as Decimal so entities and the typed Kysely instance read Decimal; a string or number
  // that reaches it at run time (raw data handed to em.create) is still read exactly.
  override convertToDatabaseValue(value: Decimal | null | undefined): string | null {
    if (value === null || value === undefined) return null;
    return toDecimal(value as DecimalInput, this.prop?.name ?? "decimal column").toFixed();
  }

  override convertToJSValue(value: string | Decimal | null | undefined): Decimal | null {
    if (value === null || value === undefined) return null;
    return value instanceof Decimal ? value : new Decimal(value);
  }

  // Not a scalar to MikroORM: em.assign and em.create accept a Decimal (it checks scalars' types).
  override get runtimeType(): string {
    return "Decimal";
  }

  override compareAsType(): string {
    return "string";
  }

  override compareValues(a: string | null, b: string | null): boolean {
    if (a === null || b === null) return a === b;
    return new Decimal(a).eq(b);
  }

  override toJSON(value: Decimal | null): string | null {
    return value === null ? null : value.toFixed();
  }

  override getColumnType(_prop: unknown, _platform: Platform): string {
    return "numeric";
  }
}
