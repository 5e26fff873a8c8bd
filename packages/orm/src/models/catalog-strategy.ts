/** A parameter a catalog strategy declares, with its default. */
export interface StrategyParamSpec {
  readonly name: string;
  readonly defaultValue: string | null;
  readonly description: string | null;
}

/** A strategy implementation bots can run, installed once. */
export interface CatalogStrategy {
  readonly id: number;
  /** Unique, e.g. "sma-cross". */
  readonly name: string;
  /** Where the implementation lives (module path or class name). */
  readonly module: string | null;
  readonly description: string | null;
  readonly createdAt: Date;
  /** Sorted by name. */
  readonly params: readonly StrategyParamSpec[];
}

/** What installing a catalog strategy takes. */
export interface CatalogStrategyInput {
  readonly name: string;
  readonly module?: string | null;
  readonly description?: string | null;
  readonly params?: readonly { name: string; defaultValue?: string | null; description?: string | null }[];
}
