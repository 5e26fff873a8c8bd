/**
 * A timestamptz as PostgreSQL's text gives it ("2026-01-02 03:04:05.678+00", the connections run
 * with DateStyle ISO and TimeZone UTC) when no entity property types the value: the database-named
 * Kysely instance, aggregates. A Date passes through.
 */
export function timestampOf(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  return new Date(
    String(value)
      .replace(" ", "T")
      .replace(/([+-]\d\d)$/, "$1:00"),
  );
}
