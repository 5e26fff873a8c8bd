import { DuplicateError, NotFoundError, ValidationError } from "@tradekit/domain";
import type { StrategyDefinition } from "./strategy-definition.js";

// biome-ignore lint/suspicious/noExplicitAny: a registry holds definitions of every param type
type AnyDefinition = StrategyDefinition<any>;

/** The strategies a runner can run, by catalog name. */
export class StrategyRegistry {
  readonly #byName = new Map<string, AnyDefinition>();

  constructor(definitions: readonly AnyDefinition[] = []) {
    for (const d of definitions) this.register(d);
  }

  /** Adds a definition; DuplicateError when its name is taken. Returns the registry. */
  register(definition: AnyDefinition): this {
    if (typeof definition?.name !== "string" || definition.name.trim() === "")
      throw ValidationError.invalid("definition.name", definition?.name, "a non-empty strategy name");
    if (this.#byName.has(definition.name)) throw new DuplicateError("strategy", definition.name);
    this.#byName.set(definition.name, definition);
    return this;
  }

  /** The definition named `name`; NotFoundError (listing the known ones) otherwise. */
  get(name: string): AnyDefinition {
    const found = this.#byName.get(name);
    if (!found) {
      const error = NotFoundError.of("strategy", name);
      error.message = `strategy "${name}" is not registered with this runner (known: ${this.names().join(", ") || "none"}); register it with StrategyRegistry.register`;
      throw error;
    }
    return found;
  }

  has(name: string): boolean {
    return this.#byName.has(name);
  }

  names(): string[] {
    return [...this.#byName.keys()];
  }

  list(): AnyDefinition[] {
    return [...this.#byName.values()];
  }
}
