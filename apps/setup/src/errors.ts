import { DatabaseUnavailableError, ValidationError } from "@tradekit/domain";

/**
 * A PostgreSQL server could not be reached (refused, unknown host, timeout, login refused). The
 * message is one line naming host, port, database and user (never the password) and what was tried.
 */
export class ServerUnreachableError extends DatabaseUnavailableError {
  constructor(
    message: string,
    readonly target: { host: string; port: number; database: string; user: string },
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

/** A command that needs an existing database found none; `tradekit-setup init` creates it. */
export class DatabaseMissingError extends ValidationError {
  constructor(
    readonly database: string,
    where: string,
    role: string,
    fix = "run `tradekit-setup init` to create it",
  ) {
    super(`the ${role} database ${JSON.stringify(database)} does not exist on ${where}; ${fix}`, {
      field: "database",
      value: database,
      code: "DATABASE_MISSING",
    });
  }
}
