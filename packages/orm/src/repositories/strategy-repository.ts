import { DuplicateError, NotFoundError, ValidationError } from "@tradekit/domain";
import type { BotStrategy, BotStrategyChanges, BotStrategyInput, StrategyParams } from "../models/bot-strategy.js";
import type { CatalogStrategy, CatalogStrategyInput, StrategyParamSpec } from "../models/catalog-strategy.js";
import { booleanOr, optionalText, requireId, requireText } from "../models/input-checks.js";
import type { RepositoryContext } from "./repository-context.js";
import { dateOf, idOf, textOrNull } from "./row-values.js";

const CATALOG_SELECT = `c.id, c.name, c.module, c.description, c.created_at,
  coalesce((select json_agg(json_build_object('name', p.name, 'defaultValue', p.default_value, 'description', p.description)
    order by p.name) from catalog_strategy_params p where p.strategy_id = c.id), '[]') as params`;

const BOT_STRATEGY_SELECT = `b.id, b.bot_id, b.strategy_id, c.name as strategy_name, b.name, b.active, b.created_at,
  coalesce((select json_object_agg(p.name, p.value) from bot_strategy_params p where p.bot_strategy_id = b.id), '{}') as params`;
const BOT_STRATEGY_FROM = "bot_strategies b join catalog_strategies c on c.id = b.strategy_id";

const toCatalog = (r: Record<string, unknown>): CatalogStrategy =>
  Object.freeze({
    id: idOf(r.id),
    name: String(r.name),
    module: textOrNull(r.module),
    description: textOrNull(r.description),
    createdAt: dateOf(r.created_at),
    params: Object.freeze((r.params as StrategyParamSpec[]).map((p) => Object.freeze({ ...p }))),
  });

/** A bot_strategies row (with its catalog name and param overrides) as the model. */
export const toBotStrategy = (r: Record<string, unknown>): BotStrategy =>
  Object.freeze({
    id: idOf(r.id),
    botId: idOf(r.bot_id),
    strategyId: idOf(r.strategy_id),
    strategyName: String(r.strategy_name),
    name: textOrNull(r.name),
    active: Boolean(r.active),
    createdAt: dateOf(r.created_at),
    params: Object.freeze({ ...(r.params as Record<string, string | null>) }),
  });

/** Catalog strategies (+ declared params) and the strategies attached to bots (+ their values). */
export class StrategyRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /** Installs a catalog strategy with its params; DuplicateError when the name is taken. */
  async install(input: CatalogStrategyInput): Promise<CatalogStrategy> {
    const name = requireText("name", input.name);
    const specs = (input.params ?? []).map((p, i) => ({
      name: requireText(`params[${i}].name`, p.name),
      defaultValue: optionalText(`params[${i}].defaultValue`, p.defaultValue, 100_000),
      description: optionalText(`params[${i}].description`, p.description, 100_000),
    }));
    const names = specs.map((s) => s.name);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice !== undefined) throw ValidationError.invalid("params.name", twice, "a name not given twice");
    const rows = await this.ctx.sql.execute<{ id: string }>(
      `insert into catalog_strategies (name, module, description, created_at) values ($1, $2, $3, now())
       on conflict do nothing returning id`,
      [name, optionalText("module", input.module), optionalText("description", input.description, 100_000)],
    );
    if (!rows[0]) throw new DuplicateError("catalog strategy", name);
    const id = idOf(rows[0].id);
    if (specs.length > 0) {
      await this.ctx.sql.run(
        `insert into catalog_strategy_params (strategy_id, name, default_value, description)
         select $1::int, * from unnest($2::text[], $3::text[], $4::text[])`,
        [id, names, specs.map((s) => s.defaultValue), specs.map((s) => s.description)],
      );
    }
    return this.getCatalogStrategy(id);
  }

  /** A catalog strategy by id or name; NotFoundError. */
  async getCatalogStrategy(strategy: number | string): Promise<CatalogStrategy> {
    const byId = typeof strategy === "number";
    const rows = await this.ctx.sql.execute(
      `select ${CATALOG_SELECT} from catalog_strategies c where ${byId ? "c.id" : "c.name"} = $1`,
      [byId ? requireId("strategy", strategy) : requireText("strategy", strategy)],
    );
    if (!rows[0]) throw NotFoundError.of("catalog strategy", strategy);
    return toCatalog(rows[0]);
  }

  /** Every catalog strategy, by name. */
  async listCatalog(): Promise<CatalogStrategy[]> {
    return (await this.ctx.sql.execute(`select ${CATALOG_SELECT} from catalog_strategies c order by c.name`)).map(toCatalog);
  }

  /** Uninstalls a catalog strategy; NotFoundError; ConstraintViolation while a bot uses it. */
  async uninstall(strategy: number | string): Promise<void> {
    const { id } = await this.getCatalogStrategy(strategy);
    await this.ctx.sql.run("delete from catalog_strategies where id = $1", [id]);
  }

  /** Attaches a catalog strategy to a bot; params must be ones the strategy declares (ValidationError). */
  async addBotStrategy(input: BotStrategyInput): Promise<BotStrategy> {
    const botId = requireId("botId", input.botId);
    const catalog = await this.getCatalogStrategy(input.strategy);
    const params = checkParams(catalog, input.params ?? {});
    const bot = await this.ctx.sql.execute("select 1 from bots where id = $1", [botId]);
    if (!bot[0]) throw NotFoundError.of("bot", botId);
    const rows = await this.ctx.sql.execute<{ id: string }>(
      "insert into bot_strategies (bot_id, strategy_id, name, active, created_at) values ($1, $2, $3, $4, now()) returning id",
      [botId, catalog.id, optionalText("name", input.name), booleanOr("active", input.active, true)],
    );
    const id = idOf((rows[0] as { id: string }).id);
    await this.#writeParams(id, params);
    return this.getBotStrategy(id);
  }

  /** Changes name, active or params (merged; a null value returns to the catalog default); NotFoundError. */
  async editBotStrategy(id: number, changes: BotStrategyChanges): Promise<BotStrategy> {
    const current = await this.getBotStrategy(id);
    if (changes.name !== undefined || changes.active !== undefined) {
      await this.ctx.sql.run("update bot_strategies set name = $2, active = $3 where id = $1", [
        id,
        changes.name === undefined ? current.name : optionalText("name", changes.name),
        booleanOr("active", changes.active, current.active),
      ]);
    }
    if (changes.params) {
      const catalog = await this.getCatalogStrategy(current.strategyId);
      const params = checkParams(catalog, changes.params);
      const reset = Object.keys(params).filter((k) => params[k] === null);
      if (reset.length)
        await this.ctx.sql.run("delete from bot_strategy_params where bot_strategy_id = $1 and name = any($2::text[])", [
          id,
          reset,
        ]);
      await this.#writeParams(id, Object.fromEntries(Object.entries(params).filter(([, v]) => v !== null)));
    }
    return this.getBotStrategy(id);
  }

  /** Detaches a strategy from its bot (its params and feeds go with it); NotFoundError. */
  async deleteBotStrategy(id: number): Promise<void> {
    const count = await this.ctx.sql.run("delete from bot_strategies where id = $1", [requireId("id", id)]);
    if (count === 0) throw NotFoundError.of("bot strategy", id);
  }

  /** The bot strategy with `id`; NotFoundError. */
  async getBotStrategy(id: number): Promise<BotStrategy> {
    const rows = await this.ctx.sql.execute(`select ${BOT_STRATEGY_SELECT} from ${BOT_STRATEGY_FROM} where b.id = $1`, [
      requireId("id", id),
    ]);
    if (!rows[0]) throw NotFoundError.of("bot strategy", id);
    return toBotStrategy(rows[0]);
  }

  /** The strategies of bot `botId`, in the order they were added. */
  async getBotStrategies(botId: number): Promise<BotStrategy[]> {
    const rows = await this.ctx.sql.execute(
      `select ${BOT_STRATEGY_SELECT} from ${BOT_STRATEGY_FROM} where b.bot_id = $1 order by b.id`,
      [requireId("botId", botId)],
    );
    return rows.map(toBotStrategy);
  }

  /** The parameter values a bot strategy runs with: catalog defaults, the bot's values on top; NotFoundError. */
  async getParams(botStrategyId: number): Promise<StrategyParams> {
    const strategy = await this.getBotStrategy(botStrategyId);
    const catalog = await this.getCatalogStrategy(strategy.strategyId);
    return effectiveParams(catalog, strategy);
  }

  async #writeParams(id: number, params: StrategyParams): Promise<void> {
    const names = Object.keys(params);
    if (names.length === 0) return;
    await this.ctx.sql.run(
      `insert into bot_strategy_params (bot_strategy_id, name, value) select $1::int, * from unnest($2::text[], $3::text[])
       on conflict (bot_strategy_id, name) do update set value = excluded.value`,
      [id, names, names.map((n) => params[n] ?? null)],
    );
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
  }
  return params;
}
