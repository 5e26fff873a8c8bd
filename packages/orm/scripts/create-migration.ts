// Writes a new migration into src/migrations from the difference between the entities and the
// schema that the committed migrations produce. Usage: pnpm migration:create [name]
// Then review it, add it to src/migrations/index.ts and commit it.
import { fileURLToPath } from "node:url";
import { MikroORM } from "@mikro-orm/postgresql";
import { createTestDatabase } from "@tradekit/test-services";
import { migrate, ormOptions } from "../src/index.js";

const name = process.argv[2] ?? "schema";
const path = fileURLToPath(new URL("../src/migrations", import.meta.url));
await using scratch = await createTestDatabase("orm_migration_create");
await migrate({ url: scratch.url });
const base = ormOptions(scratch.url);
const orm = await MikroORM.init({ ...base, migrations: { ...base.migrations, path, pathTs: path, emit: "ts" } });
try {
  const result = await orm.migrator.create(path, false, false, name);
  console.log(result.fileName ? `wrote ${result.fileName}` : "no schema changes; nothing written");
} finally {
  await orm.close(true);
}
