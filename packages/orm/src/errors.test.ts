import { ConstraintViolation, DatabaseUnavailableError, DuplicateError, NotFoundError } from "@tradekit/domain";
import { describe, expect, it } from "vitest";
import { mapDatabaseError } from "./errors.js";

const pgError = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.message ?? "driver error")), fields);

describe("mapDatabaseError", () => {
  it("turns a unique violation into DuplicateError naming what was duplicated, keeping the cause", () => {
    const cause = pgError({
      code: "23505",
      constraint: "orders_client_order_id_unique",
      detail: "Key (client_order_id)=(x) already exists.",
    });
    const mapped = mapDatabaseError(cause, { entity: "order", key: "x" });
    expect(mapped).toBeInstanceOf(DuplicateError);
    expect((mapped as DuplicateError).key).toBe("x");
    expect((mapped as DuplicateError).cause).toBe(cause);
  });

  it("turns other integrity errors into ConstraintViolation with the constraint name", () => {
    const mapped = mapDatabaseError(pgError({ code: "23503", constraint: "trades_account_id_foreign" }));
    expect(mapped).toBeInstanceOf(ConstraintViolation);
    expect((mapped as ConstraintViolation).constraint).toBe("trades_account_id_foreign");
  });

  it("finds the driver error under MikroORM's wrapper and maps refused connections", () => {
    const wrapped = new Error("wrapped", {
      cause: pgError({ code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:1" }),
    });
    expect(mapDatabaseError(wrapped)).toBeInstanceOf(DatabaseUnavailableError);
    expect(mapDatabaseError(pgError({ code: "57P01", message: "terminating connection" }))).toBeInstanceOf(
      DatabaseUnavailableError,
    );
  });

  it("passes tradekit errors and unrelated errors through unchanged", () => {
    const notFound = NotFoundError.of("order", 1);
    expect(mapDatabaseError(notFound)).toBe(notFound);
    const syntax = pgError({ code: "42601" });
    expect(mapDatabaseError(syntax)).toBe(syntax);
  });
});
