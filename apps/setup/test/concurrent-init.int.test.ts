import { MIGRATIONS } from "@tradekit/orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSetup } from "./support/run-setup.js";
import { type PlannedDatabase, plannedDatabase, query, snapshot } from "./support/server-database.js";

describe("two inits at once", { timeout: 120_000 }, () => {
  const planned: PlannedDatabase[] = [];
  beforeAll(() => {
    planned.push(plannedDatabase("setup_race"), plannedDatabase("setup_once"));
  });
  afterAll(async () => {
    for (const p of planned) await p.drop();
  });

  it("against one new database end in the state of one init: one creates, the other finds it up to date", async () => {
    const [race, once] = planned as [PlannedDatabase, PlannedDatabase];
    const env = { TRADING_DATABASE_URL: race.url };
    const [a, b] = await Promise.all([runSetup(["init", "--demo", "--json"], env), runSetup(["init", "--demo", "--json"], env)]);
    expect([a.code, b.code], `${a.stderr}\n${b.stderr}`).toEqual([0, 0]);
    const results = [JSON.parse(a.stdout), JSON.parse(b.stdout)];
    // The setup lock serializes them: exactly one created everything, the other changed nothing.
    expect(results.map((r) => r.changed).sort()).toEqual([false, true]);
    expect(results[0].demo).toEqual(results[1].demo);

    const single = await runSetup(["init", "--demo"], { TRADING_DATABASE_URL: once.url });
    expect(single.code).toBe(0);
    // Same rows as one init (ids and values), apart from the times they were written at.
    const withoutTimes = (s: Record<string, unknown[]>) =>
      JSON.parse(JSON.stringify(s, (key, value) => (/(_at|executed_at)$/.test(key) ? undefined : value)));
    expect(withoutTimes(await snapshot(race.url))).toEqual(withoutTimes(await snapshot(once.url)));
    const [{ n }] = (await query<{ n: number }>(race.url, "select count(*)::int as n from mikro_orm_migrations")) as [
      { n: number },
    ];
    expect(n).toBe(MIGRATIONS.length);
  });
});
