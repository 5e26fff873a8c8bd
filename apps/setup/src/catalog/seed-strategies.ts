import { NotFoundError } from "@tradekit/domain";
import type { CatalogStrategy, CatalogStrategyInput, DatabaseContext } from "@tradekit/orm";
import { noCounts, type SeedCounts } from "./seed-counts.js";

interface ParamSpec {
  name: string;
  defaultValue: string | null;
  description: string | null;
}

const specsOf = (input: CatalogStrategyInput): ParamSpec[] =>
  (input.params ?? [])
    .map((p) => ({ name: p.name, defaultValue: p.defaultValue ?? null, description: p.description ?? null }))
    .sort((a, b) => a.name.localeCompare(b.name));

function matches(found: CatalogStrategy, input: CatalogStrategyInput): boolean {
  if (found.module !== (input.module ?? null) || found.description !== (input.description ?? null)) return false;
  const want = specsOf(input);
  const have = [...found.params].sort((a, b) => a.name.localeCompare(b.name));
  return (
    want.length === have.length &&
    want.every((w, i) => {
      const h = have[i];
      return h !== undefined && h.name === w.name && h.defaultValue === w.defaultValue && h.description === w.description;
    })
  );
}

async function find(db: DatabaseContext, name: string): Promise<CatalogStrategy | undefined> {
  try {
    return await db.strategies.getCatalogStrategy(name);
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/**
 * Brings an installed catalog strategy to the runner's declaration: module, description and the
 * declared params. The repository has no update for catalog strategies, and uninstalling is
 * refused while bots use one, so the rows are updated in place (ids, and so the bots, stay).
 */
async function sync(db: DatabaseContext, id: number, input: CatalogStrategyInput): Promise<void> {
  const specs = specsOf(input);
  const names = specs.map((s) => s.name);
  await db.execute("update catalog_strategies set module = $2, description = $3 where id = $1", [
    id,
    input.module ?? null,
    input.description ?? null,
  ]);
  await db.execute("delete from catalog_strategy_params where strategy_id = $1 and not (name = any($2::text[]))", [id, names]);
  await db.execute(
    `insert into catalog_strategy_params (strategy_id, name, default_value, description)
     select $1::int, * from unnest($2::text[], $3::text[], $4::text[])
     on conflict (strategy_id, name) do update set default_value = excluded.default_value, description = excluded.description`,
    [id, names, specs.map((s) => s.defaultValue), specs.map((s) => s.description)],
  );
}

/** Installs the strategies of the runner's catalog that are missing and syncs the others to it. */
export async function seedStrategies(db: DatabaseContext, catalog: readonly CatalogStrategyInput[]): Promise<SeedCounts> {
  const counts = noCounts();
  for (const input of catalog) {
    const found = await find(db, input.name);
    if (!found) {
      await db.strategies.install(input);
      counts.created++;
    } else if (!matches(found, input)) {
      await sync(db, found.id, input);
      counts.updated++;
    } else {
      counts.unchanged++;
    }
  }
  return counts;
}
