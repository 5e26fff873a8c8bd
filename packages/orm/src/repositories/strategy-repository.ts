import { DuplicateError, NotFoundError, ValidationError } from "@tradekit/domain";
import {
  BotEntity,
  BotStrategyEntity,
  BotStrategyParamEntity,
  CatalogStrategyEntity,
  CatalogStrategyParamEntity,
} from "../entities/index.js";
import { toBotStrategy, toCatalogStrategy } from "../mapping/catalog-mapping.js";
import type { BotStrategy, BotStrategyChanges, BotStrategyInput, StrategyParams } from "../models/bot-strategy.js";
import type { CatalogStrategy, CatalogStrategyInput } from "../models/catalog-strategy.js";
import { booleanOr, optionalText, requireId, requireText, storableText } from "../models/input-checks.js";
import type { RepositoryContext } from "./repository-context.js";

const LONG_TEXT = 100_000;
const BOT_STRATEGY_POPULATE = ["strategy", "params"] as const;

/** Catalog strategies (+ declared params) and the strategies attached to bots (+ their values). */
export class StrategyRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /** Installs a catalog strategy with its params; DuplicateError when the name is taken. */
  async install(input: CatalogStrategyInput): Promise<CatalogStrategy> {
    const name = requireText("name", input.name);
    const specs = (input.params ?? []).map((p, i) => ({
      name: requireText(`params[${i}].name`, p.name),
      defaultValue: optionalText(`params[${i}].defaultValue`, p.defaultValue, LONG_TEXT),
      description: optionalText(`params[${i}].description`, p.description, LONG_TEXT),
    }));
    const names = specs.map((s) => s.name);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice !== undefined) throw ValidationError.invalid("params.name", twice, "a name not given twice");
    // ON CONFLICT keeps the caller's transaction usable after a duplicate.
    const row = await this.ctx.db
      .insertInto("CatalogStrategy")
      .values({
        name,
        module: optionalText("module", input.module),
        description: optionalText("description", input.description, LONG_TEXT),
        createdAt: new Date(),
      })
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!row) throw new DuplicateError("catalog strategy", name);
    for (const spec of specs) this.ctx.em.create(CatalogStrategyParamEntity, { strategy: row.id, ...spec });
    await this.ctx.em.flush();
    return this.getCatalogStrategy(row.id);
  }

  /** A catalog strategy by id or name; NotFoundError. */
  async getCatalogStrategy(strategy: number | string): Promise<CatalogStrategy> {
    return toCatalogStrategy(await this.#catalog(strategy));
  }

  /** Every catalog strategy, by name. */
  async listCatalog(): Promise<CatalogStrategy[]> {
    const rows = await this.ctx.em.find(
      CatalogStrategyEntity,
      {},
      { populate: ["params"], orderBy: { name: "asc" }, refresh: true },
    );
    return rows.map(toCatalogStrategy);
  }

  /** Uninstalls a catalog strategy; NotFoundError; ConstraintViolation while a bot uses it. */
  async uninstall(strategy: number | string): Promise<void> {
    const row = await this.#catalog(strategy);
    await this.ctx.em.nativeDelete(CatalogStrategyEntity, { id: row.id });
  }

  /** Attaches a catalog strategy to a bot; params must be ones the strategy declares (ValidationError). */
  async addBotStrategy(input: BotStrategyInput): Promise<BotStrategy> {
    const botId = requireId("botId", input.botId);
    const catalog = await this.getCatalogStrategy(input.strategy);
    const params = checkParams(catalog, input.params ?? {});
    if ((await this.ctx.em.count(BotEntity, { id: botId })) === 0) throw NotFoundError.of("bot", botId);
    const row = this.ctx.em.create(BotStrategyEntity, {
      bot: botId,
      strategy: catalog.id,
      name: optionalText("name", input.name),
      active: booleanOr("active", input.active, true),
      createdAt: new Date(),
    });
    for (const [name, value] of Object.entries(params)) {
      if (value !== null) this.ctx.em.create(BotStrategyParamEntity, { botStrategy: row, name, value });
    }
    await this.ctx.em.flush();
    return this.getBotStrategy(row.id);
  }

  /** Changes name, active or params (merged; a null value returns to the catalog default); NotFoundError. */
  async editBotStrategy(id: number, changes: BotStrategyChanges): Promise<BotStrategy> {
    const row = await this.#botStrategy(id);
    this.ctx.em.assign(row, {
      name: changes.name === undefined ? (row.name ?? null) : optionalText("name", changes.name),
      active: booleanOr("active", changes.active, row.active),
    });
    if (changes.params) {
      const params = checkParams(await this.getCatalogStrategy(row.strategy.id), changes.params);
      const current = new Map(row.params.getItems().map((p) => [p.name, p]));
      for (const [name, value] of Object.entries(params)) {
        const existing = current.get(name);
        if (value === null) {
          if (existing) this.ctx.em.remove(existing);
        } else if (existing) this.ctx.em.assign(existing, { value });
        else this.ctx.em.create(BotStrategyParamEntity, { botStrategy: row, name, value });
      }
    }
    await this.ctx.em.flush();
    return this.getBotStrategy(id);
  }

  /** Detaches a strategy from its bot (its params and feeds go with it); NotFoundError. */
  async deleteBotStrategy(id: number): Promise<void> {
    const count = await this.ctx.em.nativeDelete(BotStrategyEntity, { id: requireId("id", id) });
    if (count === 0) throw NotFoundError.of("bot strategy", id);
  }

  /** The bot strategy with `id`; NotFoundError. */
  async getBotStrategy(id: number): Promise<BotStrategy> {
    return toBotStrategy(await this.#botStrategy(id));
  }

  /** The strategies of bot `botId`, in the order they were added. */
  async getBotStrategies(botId: number): Promise<BotStrategy[]> {
    const rows = await this.ctx.em.find(
      BotStrategyEntity,
      { bot: requireId("botId", botId) },
      { populate: BOT_STRATEGY_POPULATE, orderBy: { id: "asc" }, refresh: true },
    );
    return rows.map(toBotStrategy);
  }

  /** The parameter values a bot strategy runs with: catalog defaults, the bot's values on top; NotFoundError. */
  async getParams(botStrategyId: number): Promise<StrategyParams> {
    const strategy = await this.getBotStrategy(botStrategyId);
    const catalog = await this.getCatalogStrategy(strategy.strategyId);
    return effectiveParams(catalog, strategy);
  }

  async #catalog(strategy: number | string) {
    const byId = typeof strategy === "number";
    const row = await this.ctx.em.findOne(
      CatalogStrategyEntity,
      byId ? { id: requireId("strategy", strategy) } : { name: requireText("strategy", strategy) },
      { populate: ["params"], refresh: true },
    );
    if (!row) throw NotFoundError.of("catalog strategy", strategy);
    return row;
  }

  async #botStrategy(id: number) {
    const row = await this.ctx.em.findOne(BotStrategyEntity, requireId("id", id), {
      populate: BOT_STRATEGY_POPULATE,
      refresh: true,
    });
    if (!row) throw NotFoundError.of("bot strategy", id);
    return row;
  }
}

/** Catalog defaults with the bot strategy's values on top. */
export function effectiveParams(catalog: CatalogStrategy, strategy: BotStrategy): StrategyParams {
  const merged: Record<string, string | null> = {};
  for (const p of catalog.params) merged[p.name] = p.defaultValue;
  return Object.freeze(Object.assign(merged, strategy.params));
}

function checkParams(catalog: CatalogStrategy, params: StrategyParams): StrategyParams {
  if (typeof params !== "object" || params === null || Array.isArray(params)) {
    throw ValidationError.invalid("params", params, "an object of parameter values by name");
  }
  const declared = new Set(catalog.params.map((p) => p.name));
  for (const [name, value] of Object.entries(params)) {
    if (!declared.has(name)) {
      throw ValidationError.invalid(
        `params.${name}`,
        name,
        `a parameter strategy ${catalog.name} declares (${[...declared].join(", ") || "none"})`,
      );
    }
    if (value !== null && typeof value !== "string") throw ValidationError.invalid(`params.${name}`, value, "a string or null");
    if (value !== null) storableText(`params.${name}`, value, LONG_TEXT);
  }
  return params;
}
