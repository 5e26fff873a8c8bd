import type { Logger } from "pino";
import { DatabaseMissingError } from "../errors.js";
import type { DatabaseEndpoint } from "./open-databases.js";
import { errorCode, unreachable } from "./pg-failure.js";
import { quoteIdentifier, serverOf, urlOfDatabase } from "./postgres-url.js";
import { probe, withConnection } from "./probe.js";

/** What ensureDatabase found or did. */
export type EnsureOutcome = "created" | "exists" | "embedded";

/**
 * Creates the database of `endpoint` when the server says it does not exist, through a connection
 * to the same server's `postgres` database (the name was checked when the URL was parsed, and is
 * quoted). An embedded server serves its one database: nothing to create.
 */
export async function ensureDatabase(endpoint: DatabaseEndpoint, role: string, logger: Logger): Promise<EnsureOutcome> {
  if (endpoint.embedded) return "embedded";
  const target = endpoint.target;
  const found = await probe(target, `checking the ${role} database`, endpoint.source);
  if (found.exists) return "exists";
  logger.info({ database: target.database, server: serverOf(target) }, `creating the ${role} database`);
  try {
    await withConnection(urlOfDatabase(target, "postgres"), (client) =>
      client.query(`create database ${quoteIdentifier(target.database)}`),
    );
  } catch (error) {
    // Created meanwhile by someone not holding setup's lock: the goal is reached all the same.
    if (errorCode(error) === "42P04") return "exists";
    if (errorCode(error) === "42501") {
      throw new DatabaseMissingError(
        target.database,
        serverOf(target),
        role,
        `user ${target.user} may not create databases there: create it as a user who may (createdb -h ${target.host} -p ${target.port} ${target.database}), or grant CREATEDB`,
      );
    }
    throw unreachable(target, `creating the ${role} database through the postgres maintenance database`, endpoint.source, error);
  }
  return "created";
}

/** Throws DatabaseMissingError unless the database of `endpoint` exists (commands that never create one). */
export async function requireDatabase(endpoint: DatabaseEndpoint, role: string): Promise<string | null> {
  if (endpoint.embedded) return null;
  const found = await probe(endpoint.target, `checking the ${role} database`, endpoint.source);
  if (!found.exists) throw new DatabaseMissingError(endpoint.target.database, serverOf(endpoint.target), role);
  return found.serverVersion;
}
