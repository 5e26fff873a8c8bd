// Migrates one trading-schema template per test run; every integration file clones it.
import { migrate } from "@tradekit/orm";
import { createTestDatabase, ensurePostgres, ensureRedis } from "@tradekit/test-services";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    runnerTemplateDatabase: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await ensurePostgres();
  await ensureRedis();
  const template = await createTestDatabase("runner_template");
  await migrate({ url: template.url });
  project.provide("runnerTemplateDatabase", template.name);
  return () => template.drop();
}
