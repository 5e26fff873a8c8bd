import { ValidationError } from "@tradekit/domain";
import { describe, expect, it } from "vitest";
import { parsePostgresUrl, quoteIdentifier, urlOfDatabase } from "./postgres-url.js";

describe("parsePostgresUrl", () => {
  it("takes a URL apart and masks its password", () => {
    const t = parsePostgresUrl("postgres://bob:s3cret@db.example:6543/trading", "TRADING_DATABASE_URL");
    expect(t).toMatchObject({ host: "db.example", port: 6543, database: "trading", user: "bob" });
    expect(t.masked).toBe("postgres://bob:***@db.example:6543/trading");
    expect(urlOfDatabase(t, "postgres")).toBe("postgres://bob:s3cret@db.example:6543/postgres");
  });

  it("defaults the port to 5432 and the database to the user, as libpq does", () => {
    expect(parsePostgresUrl("postgresql://alice@127.0.0.1", "X")).toMatchObject({ port: 5432, database: "alice" });
  });

  it("refuses other schemes and names that could not be quoted safely, naming the field and value", () => {
    expect(() => parsePostgresUrl("mysql://root:pw@h/db", "TRADING_DATABASE_URL")).toThrow(
      'TRADING_DATABASE_URL must be a postgres:// or postgresql:// URL such as postgres://user:password@127.0.0.1:5432/tradekit; got "mysql://root:***@h/db"',
    );
    for (const name of ['a"b', "a b", "tk;drop", "$x", "a".repeat(64)]) {
      expect(() => parsePostgresUrl(`postgres://u@h/${encodeURIComponent(name)}`, "X"), name).toThrow(ValidationError);
    }
    expect(quoteIdentifier("tk-2024_a$")).toBe('"tk-2024_a$"');
  });
});
