import { ValidationError } from "@tradekit/domain";
import type { ExchangeAccount } from "../models/exchange-account.js";
import { booleanOr, requireText } from "../models/input-checks.js";
import { lookupKeys } from "./lookup-cache-scope.js";
import type { RepositoryContext } from "./repository-context.js";

/** What ExchangeRepository.ensureAccount takes: names, so a test or a script needs no ids. */
export interface EnsureAccountInput {
  /** The user owning the account; created when missing. */
  readonly username: string;
  /** The catalog exchange's name; installed (no params) when missing. */
  readonly exchange: string;
  /** The account's name, unique per user (default "default"). */
  readonly name?: string;
  /** Only for a new account (default false); an existing account is returned as it is. */
  readonly testnet?: boolean;
}

/** The name of the account ensureAccount finds or creates when none is given. */
export const DEFAULT_ACCOUNT_NAME = "default";

/**
 * Finds or creates the user, the catalog exchange and the account, each with INSERT ... ON
 * CONFLICT DO NOTHING then a read: two callers at once both get the one row the first created,
 * and the caller's transaction stays usable. Returns the account's id as `getAccount` reads it.
 */
export async function ensureAccount(
  ctx: RepositoryContext,
  input: EnsureAccountInput,
  getAccountByName: (userId: number, name: string) => Promise<ExchangeAccount>,
): Promise<ExchangeAccount> {
  if (typeof input !== "object" || input === null)
    throw ValidationError.invalid("input", input, "{ username, exchange, name?, testnet? }");
  const username = requireText("username", input.username);
  const exchange = requireText("exchange", input.exchange);
  const name = input.name === undefined ? DEFAULT_ACCOUNT_NAME : requireText("name", input.name);
  const testnet = booleanOr("testnet", input.testnet, false);
  const createdAt = new Date();

  await ctx.db
    .insertInto("User")
    .values({ username, email: null, createdAt })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const user = await ctx.db.selectFrom("User").select("id").where("username", "=", username).executeTakeFirstOrThrow();

  const installed = await ctx.db
    .insertInto("CatalogExchange")
    .values({ name: exchange, description: null, url: null, createdAt })
    .onConflict((oc) => oc.doNothing())
    .returning("id")
    .executeTakeFirst();
  if (installed) await ctx.lookups.invalidate(lookupKeys.exchangeById(installed.id), lookupKeys.exchangeByName(exchange));
  const catalog = await ctx.db.selectFrom("CatalogExchange").select("id").where("name", "=", exchange).executeTakeFirstOrThrow();

  await ctx.db
    .insertInto("ExchangeAccount")
    .values({ user: user.id, catalogExchange: catalog.id, name, testnet, active: true, createdAt })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const account = await getAccountByName(user.id, name);
  if (account.catalogExchangeId !== catalog.id)
    throw ValidationError.invalid(
      "exchange",
      exchange,
      `${JSON.stringify(account.exchange)}, the exchange of user ${username}'s account ${JSON.stringify(name)} (give another account name for an account at ${exchange})`,
    );
  return account;
}
