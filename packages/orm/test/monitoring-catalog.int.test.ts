import { ConstraintViolation, Decimal, NotFoundError, ValidationError } from "@tradekit/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDatabase } from "../src/index.js";
import { type MigratedTestDatabase, openTestDatabase } from "./test-database.js";

describe("balances, events, reconciliation, kill switch and daily statistics", () => {
  let testDb: MigratedTestDatabase;
  let accountId: number;
  let otherAccountId: number;
  let botId: number;
  beforeAll(async () => {
    testDb = await openTestDatabase("orm_monitoring_catalog");
    ({ accountId, otherAccountId, botId } = await withDatabase(async (db) => {
      const user = await db.users.create({ username: "ops" });
      await db.exchanges.install({ name: "okx" });
      const a = await db.exchanges.addAccount({ userId: user.id, exchange: "okx", name: "a" });
      const b = await db.exchanges.addAccount({ userId: user.id, exchange: "okx", name: "b" });
      const bot = await db.bots.add({ userId: user.id, accountId: a.id, name: "guarded" });
      return { accountId: a.id, otherAccountId: b.id, botId: bot.id };
    }));
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it("upserts balances exactly, keeps their history, and writes nothing of a batch with one bad row", async () => {
    const first = await withDatabase((db) =>
      db.balances.upsert({
        accountId,
        currency: "BTC",
        free: "0.12345678901234567890",
        locked: "0.5",
        time: new Date("2026-01-01T00:00:00Z"),
      }),
    );
    expect(first.total.toFixed()).toBe("0.6234567890123456789");
    expect(first.free).toBeInstanceOf(Decimal);
    const written = await withDatabase((db) =>
      db.balances.upsertMany([
        { accountId, currency: "USDT", free: "100.5", locked: "20" },
        { accountId, currency: "BTC", free: "1", locked: "0", total: "1", time: new Date("2026-01-02T00:00:00Z") },
      ]),
    );
    // In the order given, each as a read of its row gives it.
    expect(written).toEqual(
      await withDatabase(async (db) => [await db.balances.get(accountId, "USDT"), await db.balances.get(accountId, "BTC")]),
    );
    const btc = await withDatabase((db) => db.balances.get(accountId, "BTC"));
    expect([btc.free.toFixed(), btc.total.toFixed(), btc.time.toISOString()]).toEqual(["1", "1", "2026-01-02T00:00:00.000Z"]);
    expect((await withDatabase((db) => db.balances.getByAccount(accountId))).map((b) => b.currency)).toEqual(["BTC", "USDT"]);
    const history = await withDatabase((db) => db.balances.getHistory(accountId, "BTC"));
    expect(history.map((h) => h.total.toFixed())).toEqual(["0.6234567890123456789", "1"]);
    expect(
      (await withDatabase((db) => db.balances.getHistory(accountId, "BTC", { since: new Date("2026-01-01T12:00:00Z") }))).length,
    ).toBe(1);

    const error = await withDatabase((db) =>
      db.balances.upsertMany([
        { accountId, currency: "ETH", free: "1", locked: "0" },
        { accountId, currency: "SOL", free: "-1", locked: "0" },
      ]),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect([(error as ValidationError).row, (error as ValidationError).field]).toEqual([1, "free"]);
    await expect(withDatabase((db) => db.balances.get(accountId, "ETH"))).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      withDatabase((db) =>
        db.balances.upsertMany([
          { accountId, currency: "ETH", free: "1", locked: "0" },
          { accountId, currency: "ETH", free: "2", locked: "0" },
        ]),
      ),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      withDatabase((db) => db.balances.upsert({ accountId: 999_999, currency: "BTC", free: "1", locked: "0" })),
    ).rejects.toBeInstanceOf(ConstraintViolation);
  });

  it("logs system events and lists the recent ones by severity", async () => {
    await withDatabase(async (db) => {
      await db.events.logEvent("risk_refused", "warning", "order over the size limit", { size: "5" }, "BTC/USDT");
      await db.events.logEvent("disconnect", "error", "websocket closed");
      await db.events.logEvent("heartbeat", "debug", "alive");
    });
    const recent = await withDatabase((db) => db.events.getRecentEvents());
    expect(recent.map((e) => e.type)).toEqual(["heartbeat", "disconnect", "risk_refused"]);
    expect(recent[2]).toMatchObject({ severity: "warning", symbol: "BTC/USDT", details: { size: "5" }, tradeId: null });
    expect((await withDatabase((db) => db.events.getRecentEvents({ severity: "error" }))).map((e) => e.type)).toEqual([
      "disconnect",
    ]);
    expect((await withDatabase((db) => db.events.getRecentEvents({ minSeverity: "warning" }))).length).toBe(2);
    expect((await withDatabase((db) => db.events.getRecentEvents({ limit: 1 })))[0]?.type).toBe("heartbeat");
    const bad = await withDatabase((db) => db.events.logEvent("x", "fatal" as never, "m")).catch((e: unknown) => e);
    expect([(bad as ValidationError).field, (bad as ValidationError).value]).toEqual(["severity", "fatal"]);
    await expect(withDatabase((db) => db.events.logEvent("x", "info", "m", null, null, 999_999))).rejects.toBeInstanceOf(
      ConstraintViolation,
    );
  });

  it("logs reconciliation issues and resolves each once", async () => {
    const issue = await withDatabase((db) =>
      db.reconciliation.logIssue({
        accountId,
        symbol: "BTC/USDT",
        issueType: "position_mismatch",
        severity: "error",
        description: "venue says 1 BTC, database 0.9",
        expected: { volume: "0.9" },
        actual: [{ volume: "1" }],
      }),
    );
    expect(issue).toMatchObject({ resolved: false, expected: { volume: "0.9" }, actual: [{ volume: "1" }] });
    await withDatabase((db) =>
      db.reconciliation.logIssue({ accountId: otherAccountId, issueType: "missing_fill", severity: "warning", description: "d" }),
    );
    expect((await withDatabase((db) => db.reconciliation.getUnresolved())).length).toBe(2);
    expect((await withDatabase((db) => db.reconciliation.getUnresolved({ accountId }))).map((i) => i.id)).toEqual([issue.id]);
    const resolved = await withDatabase((db) => db.reconciliation.resolve(issue.id, "re-synced from venue"));
    expect(resolved).toMatchObject({ resolved: true, resolution: "re-synced from venue" });
    expect(resolved.resolvedAt).toBeInstanceOf(Date);
    await expect(withDatabase((db) => db.reconciliation.resolve(issue.id, "again"))).rejects.toBeInstanceOf(ValidationError);
    await expect(withDatabase((db) => db.reconciliation.resolve(999_999, "x"))).rejects.toBeInstanceOf(NotFoundError);
    expect((await withDatabase((db) => db.reconciliation.getUnresolved({ accountId }))).length).toBe(0);
  });

  it("tells the kill-switch state of the global, account and bot scopes", async () => {
    expect(await withDatabase((db) => db.killSwitch.current())).toEqual({ active: false, event: null });
    const engaged = await withDatabase((db) =>
      db.killSwitch.record({
        active: true,
        reason: "daily loss limit",
        triggeredBy: "risk-manager",
        accountId,
        details: { lossPct: "6.1" },
      }),
    );
    expect((await withDatabase((db) => db.killSwitch.current())).active).toBe(false);
    const forAccount = await withDatabase((db) => db.killSwitch.current({ accountId }));
    expect(forAccount.active).toBe(true);
    expect(forAccount.event?.id).toBe(engaged.id);
    expect((await withDatabase((db) => db.killSwitch.current({ accountId: otherAccountId }))).active).toBe(false);
    await withDatabase((db) => db.killSwitch.record({ active: true, reason: "panic", triggeredBy: "operator:alice" }));
    expect((await withDatabase((db) => db.killSwitch.current({ botId }))).active).toBe(true);
    await withDatabase(async (db) => {
      await db.killSwitch.record({ active: false, reason: "all clear", triggeredBy: "operator:alice" });
      await db.killSwitch.record({ active: false, reason: "reviewed", triggeredBy: "operator:alice", accountId });
    });
    const released = await withDatabase((db) => db.killSwitch.current({ accountId, botId }));
    expect(released.active).toBe(false);
    expect(released.event?.reason).toBe("reviewed");
    expect(released.event).toMatchObject({ accountId, botId: null, triggeredBy: "operator:alice", details: null });
    expect(released.event?.time).toBeInstanceOf(Date);
    // A bot's own switch stops that bot only, also when it names the bot's account; the newest
    // event of each scope counts, whatever the older ones said.
    const botHalt = await withDatabase((db) =>
      db.killSwitch.record({
        active: true,
        reason: "bot halt",
        triggeredBy: "operator:bob",
        accountId,
        botId,
        details: { n: 1 },
      }),
    );
    const forBot = await withDatabase((db) => db.killSwitch.current({ accountId, botId }));
    expect(forBot).toEqual({ active: true, event: botHalt });
    expect((await withDatabase((db) => db.killSwitch.current({ accountId }))).active).toBe(false);
    await withDatabase((db) => db.killSwitch.record({ active: false, reason: "bot ok", triggeredBy: "operator:bob", botId }));
    expect((await withDatabase((db) => db.killSwitch.current({ accountId, botId }))).event?.reason).toBe("bot ok");
    expect((await withDatabase((db) => db.killSwitch.history())).length).toBe(6);
    await expect(
      withDatabase((db) => db.killSwitch.record({ active: true, reason: "", triggeredBy: "x" })),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it("adds up today's statistics atomically and derives the order-to-trade ratio", async () => {
    const empty = await withDatabase((db) => db.dailyStats.getToday(accountId));
    expect([empty.orderCount, empty.tradeCount, empty.realizedPnl.toFixed(), empty.updatedAt]).toEqual([0, 0, "0", null]);
    expect(empty.day).toBe(new Date().toISOString().slice(0, 10));
    await withDatabase((db) => db.dailyStats.update(accountId, { orders: 3 }));
    expect((await withDatabase((db) => db.dailyStats.getOrderToTradeRatio(accountId))).toFixed()).toBe("3");
    // Twenty concurrent writers: no increment is lost.
    await Promise.all(
      Array.from({ length: 20 }, () =>
        withDatabase((db) => db.dailyStats.update(accountId, { realizedPnl: "-0.1", fees: "0.01", orders: 1, trades: 1 })),
      ),
    );
    const today = await withDatabase((db) => db.dailyStats.getToday(accountId));
    expect([today.orderCount, today.tradeCount, today.realizedPnl.toFixed(), today.fees.toFixed()]).toEqual([
      23,
      20,
      "-2",
      "0.2",
    ]);
    expect(today.orderToTradeRatio.toFixed()).toBe("1.15");
    expect((await withDatabase((db) => db.dailyStats.getTodayPnl(accountId))).toFixed()).toBe("-2");
    expect(await withDatabase((db) => db.dailyStats.getOrderCount(accountId))).toBe(23);
    expect(await withDatabase((db) => db.dailyStats.getTradeCount(accountId))).toBe(20);

    const returned = await withDatabase((db) => db.dailyStats.update(accountId, { realizedPnl: "5" }, "2026-01-15"));
    // What update returns is the stored row after the change, typed like a read of it.
    expect(returned).toEqual(await withDatabase((db) => db.dailyStats.get(accountId, "2026-01-15")));
    expect([returned.realizedPnl.toFixed(), returned.fees.toFixed(), returned.orderCount]).toEqual(["5", "0", 0]);
    expect(returned.updatedAt).toBeInstanceOf(Date);
    expect((await withDatabase((db) => db.dailyStats.get(accountId, "2026-01-15"))).realizedPnl.toFixed()).toBe("5");
    expect((await withDatabase((db) => db.dailyStats.getRange(accountId, "2026-01-01", "2026-01-31"))).map((d) => d.day)).toEqual(
      ["2026-01-15"],
    );
    for (const [call, field] of [
      [(db: Parameters<Parameters<typeof withDatabase>[0]>[0]) => db.dailyStats.update(accountId, { orders: -1 }), "orders"],
      [(db: Parameters<Parameters<typeof withDatabase>[0]>[0]) => db.dailyStats.update(accountId, { fees: "-1" }), "fees"],
      [(db: Parameters<Parameters<typeof withDatabase>[0]>[0]) => db.dailyStats.get(accountId, "2026-02-30"), "day"],
    ] as const) {
      const error = await withDatabase(call).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
  });
});
