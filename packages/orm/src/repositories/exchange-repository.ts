import { ConfigError, DuplicateError, NotFoundError, ValidationError } from "@tradekit/domain";
import type { CredentialBinding, CredentialCipher } from "../credentials/credential-cipher.js";
import type { EncryptedSecret } from "../credentials/encrypted-secret.js";
import { CatalogExchangeEntity, CatalogExchangeParamEntity, ExchangeAccountEntity } from "../entities/index.js";
import { mapErrors } from "../errors.js";
import { toCatalogExchange, toExchangeAccount } from "../mapping/catalog-mapping.js";
import type {
  CatalogExchange,
  CatalogExchangeChanges,
  CatalogExchangeInput,
  CatalogExchangeParam,
  CatalogExchangeParamInput,
} from "../models/catalog-exchange.js";
import type {
  ExchangeAccount,
  ExchangeAccountChanges,
  ExchangeAccountInput,
  ExchangeCredentialsInput,
} from "../models/exchange-account.js";
import { ExchangeCredentials } from "../models/exchange-credentials.js";
import { booleanOr, optionalText, requireId, requireText } from "../models/input-checks.js";
import { type EnsureAccountInput, ensureAccount } from "./ensure-account.js";
import { type LookupCodec, lookupKeys } from "./lookup-cache-scope.js";
import type { RepositoryContext } from "./repository-context.js";

const LONG_TEXT = 100_000;

/** CatalogExchange as cached JSON (dates as ISO text) and back. */
const exchangeCodec: LookupCodec<CatalogExchange> = {
  toJson: (e) => ({ ...e, createdAt: e.createdAt.toISOString() }),
  fromJson(json) {
    const j = json as Record<string, unknown>;
    if (typeof j?.id !== "number" || typeof j.name !== "string" || !Array.isArray(j.params) || typeof j.createdAt !== "string") {
      throw new TypeError("not a cached catalog exchange");
    }
    return Object.freeze({
      id: j.id,
      name: j.name,
      description: (j.description as string | null) ?? null,
      url: (j.url as string | null) ?? null,
      createdAt: new Date(j.createdAt),
      params: Object.freeze((j.params as CatalogExchangeParam[]).map((p) => Object.freeze({ ...p }))),
    });
  },
};

const params = (list: readonly CatalogExchangeParamInput[] | undefined): CatalogExchangeParam[] => {
  const seen = new Set<string>();
  return (list ?? []).map((p, i) => {
    const name = requireText(`params[${i}].name`, p.name);
    if (seen.has(name)) throw ValidationError.invalid(`params[${i}].name`, name, "a name not given twice");
    seen.add(name);
    return {
      name,
      value: optionalText(`params.${name}.value`, p.value, LONG_TEXT),
      description: optionalText("description", p.description, LONG_TEXT),
    };
  });
};

function hiddenText(field: string, value: unknown): string {
  // The value itself is a secret: the error names the field only.
  if (typeof value !== "string" || value.length === 0) throw ValidationError.invalid(field, "<hidden>", "a non-empty string");
  return value;
}

/** Catalog exchanges (cached lookups) and users' exchange accounts (credentials encrypted). */
export class ExchangeRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /** Installs a catalog exchange with its params; DuplicateError when the name is taken. */
  async install(input: CatalogExchangeInput): Promise<CatalogExchange> {
    const name = requireText("name", input.name);
    const list = params(input.params);
    // ON CONFLICT keeps the caller's transaction usable after a duplicate.
    const row = await this.ctx.db
      .insertInto("CatalogExchange")
      .values({
        name,
        description: optionalText("description", input.description, LONG_TEXT),
        url: optionalText("url", input.url),
        createdAt: new Date(),
      })
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!row) throw new DuplicateError("catalog exchange", name);
    for (const p of list) this.ctx.em.create(CatalogExchangeParamEntity, { exchange: row.id, ...p });
    await this.ctx.em.flush();
    await this.ctx.lookups.invalidate(lookupKeys.exchangeById(row.id), lookupKeys.exchangeByName(name));
    return toCatalogExchange(await this.#row({ id: row.id }, row.id));
  }

  /** Changes name, description or url; NotFoundError, DuplicateError (name taken). */
  async update(id: number, changes: CatalogExchangeChanges): Promise<CatalogExchange> {
    const row = await this.#row({ id: requireId("id", id) }, id);
    const before = toCatalogExchange(row);
    const name = changes.name === undefined ? row.name : requireText("name", changes.name);
    this.ctx.em.assign(row, {
      name,
      description:
        changes.description === undefined
          ? (row.description ?? null)
          : optionalText("description", changes.description, LONG_TEXT),
      url: changes.url === undefined ? (row.url ?? null) : optionalText("url", changes.url),
    });
    await mapErrors(() => this.ctx.em.flush(), { entity: "catalog exchange", key: name });
    await this.#invalidate(before, name);
    return toCatalogExchange(row);
  }

  /** Sets (adds or replaces) one param of catalog exchange `id`. */
  async setParam(id: number, param: CatalogExchangeParamInput): Promise<CatalogExchange> {
    const row = await this.#row({ id: requireId("id", id) }, id);
    const [p] = params([param]) as [CatalogExchangeParam];
    const existing = row.params.getItems().find((x) => x.name === p.name);
    if (existing) this.ctx.em.assign(existing, { value: p.value, description: p.description });
    else row.params.add(this.ctx.em.create(CatalogExchangeParamEntity, { exchange: row, ...p }));
    await this.ctx.em.flush();
    await this.#invalidate(toCatalogExchange(row));
    return toCatalogExchange(row);
  }

  /** Removes param `name` of catalog exchange `id`; NotFoundError when it has none by that name. */
  async removeParam(id: number, name: string): Promise<CatalogExchange> {
    const row = await this.#row({ id: requireId("id", id) }, id);
    const existing = row.params.getItems().find((x) => x.name === name);
    if (!existing) throw NotFoundError.of(`param of catalog exchange ${row.name}`, name);
    row.params.remove(existing);
    this.ctx.em.remove(existing);
    await this.ctx.em.flush();
    await this.#invalidate(toCatalogExchange(row));
    return toCatalogExchange(row);
  }

  /** Uninstalls a catalog exchange and its symbols; ConstraintViolation while accounts use it. */
  async uninstall(id: number): Promise<void> {
    const row = await this.#row({ id: requireId("id", id) }, id);
    // Invalidate before the delete too: its cascade takes the symbols whose keys we list here.
    await this.#invalidate(toCatalogExchange(row));
    await this.ctx.em.nativeDelete(CatalogExchangeEntity, { id });
  }

  /** The catalog exchange with `id` (read through the lookup cache); NotFoundError. */
  getById(id: number): Promise<CatalogExchange> {
    requireId("id", id);
    return this.ctx.lookups.readThrough(lookupKeys.exchangeById(id), exchangeCodec, async () =>
      toCatalogExchange(await this.#row({ id }, id)),
    );
  }

  /** The catalog exchange named `name` (read through the lookup cache); NotFoundError. */
  getByName(name: string): Promise<CatalogExchange> {
    const key = requireText("name", name);
    return this.ctx.lookups.readThrough(lookupKeys.exchangeByName(key), exchangeCodec, async () =>
      toCatalogExchange(await this.#row({ name: key }, key)),
    );
  }

  /** The catalog exchange named `name`, or undefined when none is installed. */
  async findByName(name: string): Promise<CatalogExchange | undefined> {
    try {
      return await this.getByName(name);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /** A catalog exchange by id or by name (cached); NotFoundError. */
  resolve(exchange: number | string): Promise<CatalogExchange> {
    return typeof exchange === "number" ? this.getById(exchange) : this.getByName(exchange);
  }

  /** Every installed catalog exchange, by name (not cached). */
  async list(): Promise<CatalogExchange[]> {
    const rows = await this.ctx.em.find(
      CatalogExchangeEntity,
      {},
      { populate: ["params"], orderBy: { name: "asc" }, refresh: true },
    );
    return rows.map(toCatalogExchange);
  }

  /** Adds a user's account at a catalog exchange, sealing its credentials; DuplicateError (user, name). */
  async addAccount(input: ExchangeAccountInput): Promise<ExchangeAccount> {
    const userId = requireId("userId", input.userId);
    const name = requireText("name", input.name);
    const exchange = await this.resolve(input.exchange);
    const credentials = input.credentials ? checkedCredentials(input.credentials) : null;
    if (credentials) this.#cipher();
    // ON CONFLICT keeps the caller's transaction usable after a duplicate.
    const row = await mapErrors(() =>
      this.ctx.db
        .insertInto("ExchangeAccount")
        .values({
          user: userId,
          catalogExchange: exchange.id,
          name,
          testnet: booleanOr("testnet", input.testnet, false),
          active: booleanOr("active", input.active, true),
          createdAt: new Date(),
        })
        .onConflict((oc) => oc.doNothing())
        .returning("id")
        .executeTakeFirst(),
    );
    if (!row) throw new DuplicateError(`exchange account of user ${userId}`, name);
    // Sealed once the row exists: each ciphertext is bound to the account's id.
    if (credentials) await this.#storeCredentials(row.id, credentials);
    return this.getAccount(row.id);
  }

  /**
   * The account `name` (default "default") of user `username` at exchange `exchange`, creating the
   * user, the catalog exchange and the account when missing: idempotent, so a test or a script can
   * get an `exId` in one call, and a second call returns the same account.
   */
  ensureAccount(input: EnsureAccountInput): Promise<ExchangeAccount> {
    return ensureAccount(this.ctx, input, (userId, name) => this.getAccountByName(userId, name));
  }

  /** Changes name, testnet or active of an account; NotFoundError, DuplicateError (name taken). */
  async updateAccount(id: number, changes: ExchangeAccountChanges): Promise<ExchangeAccount> {
    const row = await this.#account(id);
    const name = changes.name === undefined ? row.name : requireText("name", changes.name);
    this.ctx.em.assign(row, {
      name,
      testnet: booleanOr("testnet", changes.testnet, row.testnet),
      active: booleanOr("active", changes.active, row.active),
    });
    await mapErrors(() => this.ctx.em.flush(), { entity: `exchange account of user ${row.user.id}`, key: name });
    return toExchangeAccount(row);
  }

  /** Replaces an account's credentials (sealed, bound to the account, before they are written); NotFoundError. */
  async setCredentials(id: number, credentials: ExchangeCredentialsInput): Promise<ExchangeAccount> {
    const checked = checkedCredentials(credentials);
    const count = await this.#storeCredentials(requireId("id", id), checked);
    if (count === 0) throw NotFoundError.of("exchange account", id);
    return this.getAccount(id);
  }

  /** Removes an account (its balances and fills go with it); NotFoundError. */
  async removeAccount(id: number): Promise<void> {
    const count = await this.ctx.em.nativeDelete(ExchangeAccountEntity, { id: requireId("id", id) });
    if (count === 0) throw NotFoundError.of("exchange account", id);
  }

  /** The account with `id` (no credentials); NotFoundError. */
  async getAccount(id: number): Promise<ExchangeAccount> {
    return toExchangeAccount(await this.#account(id));
  }

  /** The account of user `userId` named `name`; NotFoundError. */
  async getAccountByName(userId: number, name: string): Promise<ExchangeAccount> {
    const row = await this.ctx.em.findOne(
      ExchangeAccountEntity,
      { user: requireId("userId", userId), name: requireText("name", name) },
      { populate: ["catalogExchange"], refresh: true },
    );
    if (!row) throw NotFoundError.of(`exchange account of user ${userId}`, name);
    return toExchangeAccount(row);
  }

  /** Every account of user `userId`, by name. */
  async getAccountsByUser(userId: number): Promise<ExchangeAccount[]> {
    const rows = await this.ctx.em.find(
      ExchangeAccountEntity,
      { user: requireId("userId", userId) },
      { populate: ["catalogExchange"], orderBy: { name: "asc" }, refresh: true },
    );
    return rows.map(toExchangeAccount);
  }

  /**
   * The decrypted credentials of account `id`, for the order manager only. NotFoundError when the
   * account or its credentials do not exist; ConfigError without CREDENTIALS_ENCRYPTION_KEY;
   * ValidationError when a stored value was altered or belongs to another account or column.
   */
  async getCredentials(id: number): Promise<ExchangeCredentials> {
    const row = await this.#account(id);
    if (!row.apiKey || !row.apiSecret) throw NotFoundError.of("credentials of exchange account", id);
    const cipher = this.#cipher();
    const open = (secret: EncryptedSecret, column: CredentialBinding["column"]) => cipher.open(secret, { accountId: id, column });
    return new ExchangeCredentials(
      id,
      open(row.apiKey, "api_key"),
      open(row.apiSecret, "api_secret"),
      row.apiPassphrase ? open(row.apiPassphrase, "api_passphrase") : null,
    );
  }

  async #storeCredentials(accountId: number, c: { apiKey: string; apiSecret: string; apiPassphrase: string | null }) {
    const cipher = this.#cipher();
    const seal = (plain: string, column: CredentialBinding["column"]) => cipher.seal(plain, { accountId, column });
    return this.ctx.em.nativeUpdate(
      ExchangeAccountEntity,
      { id: accountId },
      {
        apiKey: seal(c.apiKey, "api_key"),
        apiSecret: seal(c.apiSecret, "api_secret"),
        apiPassphrase: c.apiPassphrase === null ? null : seal(c.apiPassphrase, "api_passphrase"),
      },
    );
  }

  #cipher(): CredentialCipher {
    if (this.ctx.credentials) return this.ctx.credentials;
    throw new ConfigError([
      {
        variable: "CREDENTIALS_ENCRYPTION_KEY",
        message: "needed to store or read exchange credentials; set it or pass credentialsKey",
      },
    ]);
  }

  async #row(where: { id: number } | { name: string }, key: unknown) {
    const row = await this.ctx.em.findOne(CatalogExchangeEntity, where, { populate: ["params"], refresh: true });
    if (!row) throw NotFoundError.of("catalog exchange", key);
    return row;
  }

  async #account(id: number) {
    const row = await this.ctx.em.findOne(ExchangeAccountEntity, requireId("id", id), {
      populate: ["catalogExchange"],
      refresh: true,
    });
    if (!row) throw NotFoundError.of("exchange account", id);
    return row;
  }

  /** Drops the exchange's keys and its symbols' (their models carry the exchange's name). */
  async #invalidate(current: CatalogExchange, newName?: string): Promise<void> {
    const symbols = await this.ctx.db
      .selectFrom("Symbol")
      .select(["id", "symbol"])
      .where("catalogExchange", "=", current.id)
      .execute();
    await this.ctx.lookups.invalidate(
      lookupKeys.exchangeById(current.id),
      lookupKeys.exchangeByName(current.name),
      ...(newName && newName !== current.name ? [lookupKeys.exchangeByName(newName)] : []),
      lookupKeys.symbolsOfExchange(current.id),
      ...symbols.flatMap((s) => [lookupKeys.symbolById(s.id), lookupKeys.symbolByName(current.id, s.symbol)]),
    );
  }
}

/** Credentials as given, checked: the secrets themselves never appear in an error. */
function checkedCredentials(c: ExchangeCredentialsInput) {
  const apiKey = hiddenText("credentials.apiKey", c.apiKey);
  const apiSecret = hiddenText("credentials.apiSecret", c.apiSecret);
  const passphrase = c.apiPassphrase ?? null;
  const apiPassphrase = passphrase === null ? null : hiddenText("credentials.apiPassphrase", passphrase);
  for (const [field, v] of [
    ["credentials.apiKey", apiKey],
    ["credentials.apiSecret", apiSecret],
  ] as const) {
    if (v.length > 10_000) throw ValidationError.invalid(field, "<hidden>", "at most 10000 characters");
  }
  return { apiKey, apiSecret, apiPassphrase };
}
