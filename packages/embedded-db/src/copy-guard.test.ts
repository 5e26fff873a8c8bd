import { describe, expect, it } from "vitest";
import { guardCopyFromStdin, isCopyFromStdin } from "./copy-guard.js";
import { buildMessage, cStrings, readCString } from "./pg-wire.js";

const query = (sql: string) => buildMessage(0x51, cStrings([sql]));
const parse = (name: string, sql: string, paramTypes: number[]) => {
  const tail = new Uint8Array(2 + 4 * paramTypes.length);
  const view = new DataView(tail.buffer);
  view.setInt16(0, paramTypes.length);
  for (const [i, oid] of paramTypes.entries()) view.setInt32(2 + 4 * i, oid);
  return buildMessage(0x50, cStrings([name, sql], tail));
};

describe("isCopyFromStdin", () => {
  it.each([
    "COPY candles FROM STDIN",
    "copy candles (time, close) from stdin with (format csv, delimiter ';')",
    "  /* bulk */ -- load\n copy public.candles from\n\tstdin binary",
    "begin; copy t from stdin; commit",
  ])("recognises %j", (sql) => expect(isCopyFromStdin(sql)).toBe(true));

  it.each([
    "copy (select 1) to stdout",
    "copy t to stdout",
    "select 'copy' as word, 'from stdin' as other",
    "insert into t select * from unnest($1::int[])",
    "create table copy_from_stdin_log (x int)",
  ])("lets %j through", (sql) => expect(isCopyFromStdin(sql)).toBe(false));
});

describe("guardCopyFromStdin", () => {
  it("leaves other messages untouched, byte for byte", () => {
    const message = query("select 1");
    expect(guardCopyFromStdin(message)).toEqual({ message, refused: false });
  });

  it("rewrites a simple query into a statement raising feature_not_supported", () => {
    const { message, refused } = guardCopyFromStdin(query("copy t from stdin"));
    expect(refused).toBe(true);
    expect(message[0]).toBe(0x51);
    expect(new DataView(message.buffer).getInt32(1)).toBe(message.length - 1);
    const sql = readCString(message, 5).text;
    expect(sql).toMatch(/^DO \$tradekit\$ BEGIN RAISE EXCEPTION USING ERRCODE = 'feature_not_supported'/);
    expect(sql).toContain("unnest");
  });

  it("keeps a Parse message's statement name and parameter types", () => {
    const original = parse("s1", "copy t from stdin", [23, 25]);
    const { message, refused } = guardCopyFromStdin(original);
    expect(refused).toBe(true);
    const name = readCString(message, 5);
    const sql = readCString(message, name.end);
    expect(name.text).toBe("s1");
    expect(sql.text).toMatch(/^DO \$tradekit\$/);
    expect([...message.subarray(sql.end)]).toEqual([...original.subarray(original.length - 10)]);
  });
});
