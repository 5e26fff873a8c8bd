/** The slice of a pino logger the embedded database writes to. */
export interface EmbeddedDatabaseLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const ignore = (): void => undefined;

/** Used when no logger is given: the embedded database stays quiet. */
export const silentLogger: EmbeddedDatabaseLogger = { info: ignore, warn: ignore, error: ignore };
