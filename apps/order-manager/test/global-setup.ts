// Migrates one template database per test run; every integration file clones it.
import { migrate } from "@tradekit/orm";
import { createTestDatabase, ensurePostgres, ensureRedis } from "@tradekit/test-services";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    omTemplateDatabase: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await ensurePostgres();
  await ensureRedis();
  const template = await createTestDatabase("om_template");
  await migrate({ url: template.url });
  project.provide("omTemplateDatabase", template.name);
  return () => template.drop();
}
