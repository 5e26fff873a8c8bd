import { mapDatabaseError } from "../errors.js";

/**
 * `repository` with every method's failure passed through mapDatabaseError, so a driver error
 * raised by an EntityManager, QueryBuilder or Kysely call reaches the caller as the typed error
 * (DuplicateError, ValidationError, DatabaseTimeoutError, DatabaseUnavailableError, ...). One
 * place instead of a try/catch in every method; methods run on the repository itself, so its
 * private fields work as usual.
 */
export function mapRepositoryErrors<T extends object>(repository: T): T {
  return new Proxy(repository, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== "function" || key === "constructor") return value;
      return (...args: unknown[]) => {
        try {
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          return result instanceof Promise ? result.catch((error: unknown) => Promise.reject(mapDatabaseError(error))) : result;
        } catch (error) {
          throw mapDatabaseError(error);
        }
      };
    },
  });
}
