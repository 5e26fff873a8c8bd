// Migrates one template database per test run; every integration test file clones it
// (createTestDatabase(label, { template })) instead of migrating from scratch.

import { createTestDatabase, ensurePostgres } from "@tradekit/test-services";
import type { TestProject } from "vitest/node";
import { migrate } from "../src/migrate.js";

declare module "vitest" {
  export interface ProvidedContext {
    ormTemplateDatabase: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await ensurePostgres();
  const template = await createTestDatabase("orm_template");
  await migrate({ url: template.url });
  project.provide("ormTemplateDatabase", template.name);
  return () => template.drop();
}
