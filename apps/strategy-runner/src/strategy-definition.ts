import type { CatalogStrategyInput } from "@tradekit/orm";
import type { Strategy } from "./strategy.js";
import type { ParamShape, ParamsOf } from "./strategy-params.js";

/** A strategy the runner can run: its catalog name, its params and how to make an instance. */
export interface StrategyDefinition<P = Readonly<Record<string, unknown>>> {
  /** The catalog name bot strategies refer to ("ma-cross"). */
  readonly name: string;
  readonly description: string;
  /** Where the implementation lives, as the catalog records it. */
  readonly module: string;
  readonly params: ParamShape;
  /** Checks between params (fast below slow, ...): throw `invalidParam(...)` to refuse. */
  readonly validate?: (params: P) => void;
  /** A fresh instance for one bot strategy. */
  readonly create: (params: P) => Strategy<P>;
}

/** The definition a `defineStrategy` call takes. */
export interface StrategyDefinitionInput<S extends ParamShape> {
  name: string;
  description: string;
  /** Default `@tradekit/strategy-runner#<name>`. */
  module?: string;
  params: S;
  validate?: (params: ParamsOf<S>) => void;
  create: (params: ParamsOf<S>) => Strategy<ParamsOf<S>>;
}

/** Declares a strategy with typed params: `params` are parsed with zod from the stored text before `create`. */
export function defineStrategy<S extends ParamShape>(input: StrategyDefinitionInput<S>): StrategyDefinition<ParamsOf<S>> {
  return Object.freeze({
    name: input.name,
    description: input.description,
    module: input.module ?? `@tradekit/strategy-runner#${input.name}`,
    params: input.params,
    ...(input.validate ? { validate: input.validate } : {}),
    create: input.create,
  });
}

/** The catalog entry (what setup seeds) of a definition: its name, module, description and params with defaults. */
export function catalogEntryOf(definition: StrategyDefinition<never>): CatalogStrategyInput {
  return Object.freeze({
    name: definition.name,
    module: definition.module,
    description: definition.description,
    params: Object.entries(definition.params).map(([name, p]) =>
      Object.freeze({ name, defaultValue: p.defaultValue, description: p.description }),
    ),
  });
}
