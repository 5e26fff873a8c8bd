import { ConfigError, DuplicateError, NotFoundError, ValidationError } from "@tradekit/domain";
import type { CredentialCipher } from "../credentials/credential-cipher.js";
import { EncryptedSecret } from "../credentials/encrypted-secret.js";
import { mapErrors } from "../errors.js";
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
import { type LookupCodec, lookupKeys } from "./lookup-cache-scope.js";
import type { RepositoryContext } from "./repository-context.js";
import { dateOf, idOf, textOrNull } from "./row-values.js";

const EXCHANGE_SELECT = `e.id, e.name, e.description, e.url, e.created_at,
  coalesce((select json_agg(json_build_object('name', p.name, 'value', p.value, 'description', p.description) order by p.name)
    from catalog_exchange_params p where p.exchange_id = e.id), '[]') as params`;

const ACCOUNT_SELECT = `a.id, a.user_id, a.catalog_exchange_id, e.name as exchange, a.name, a.testnet, a.active, a.created_at,
  (a.api_key is not null and a.api_secret is not null) as has_credentials`;
const ACCOUNT_FROM = "exchange_accounts a join catalog_exchanges e on e.id = a.catalog_exchange_id";

const freezeParams = (params: readonly CatalogExchangeParam[]): readonly CatalogExchangeParam[] =>
  Object.freeze(params.map((p) => Object.freeze({ name: p.name, value: p.value, description: p.description })));

const toExchange = (r: Record<string, unknown>): CatalogExchange =>
  Object.freeze({
    id: idOf(r.id),
    name: String(r.name),
    description: textOrNull(r.description),
    url: textOrNull(r.url),
    createdAt: dateOf(r.created_at),
    params: freezeParams(r.params as CatalogExchangeParam[]),
  });

const toAccount = (r: Record<string, unknown>): ExchangeAccount =>
  Object.freeze({
    id: idOf(r.id),
    userId: idOf(r.user_id),
    catalogExchangeId: idOf(r.catalog_exchange_id),
    exchange: String(r.exchange),
    name: String(r.name),
    testnet: Boolean(r.testnet),
    active: Boolean(r.active),
    hasCredentials: Boolean(r.has_credentials),
    createdAt: dateOf(r.created_at),
  });

/** CatalogExchange as cached JSON (dates as ISO text) and back. */
const exchangeCodec: LookupCodec<CatalogExchange> = {
  toJson: (e) => ({ ...e, createdAt: e.createdAt.toISOString() }),
  fromJson(json) {
    const j = json as Record<string, unknown>;
    if (typeof j?.id !== "number" || typeof j.name !== "string" || !Array.isArray(j.params) || typeof j.createdAt !== "string") {
      throw new TypeError("not a cached catalog exchange");
    }
    return toExchange({ ...j, created_at: j.createdAt });
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
      value: optionalText(`params.${name}.value`, p.value, 100_000),
      description: optionalText("description", p.description, 100_000),
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
    const rows = await this.ctx.sql.execute<{ id: string }>(
      "insert into catalog_exchanges (name, description, url, created_at) values ($1, $2, $3, now()) on conflict do nothing returning id",
      [name, optionalText("description", input.description, 100_000), optionalText("url", input.url)],
    );
    if (!rows[0]) throw new DuplicateError("catalog exchange", name);
    const id = idOf(rows[0].id);
    for (const p of list) await this.#writeParam(id, p);
    await this.ctx.lookups.invalidate(lookupKeys.exchangeById(id), lookupKeys.exchangeByName(name));
    return this.#load("e.id = $1", id);
  }

  /** Changes name, description or url; NotFoundError, DuplicateError (name taken). */
  async update(id: number, changes: CatalogExchangeChanges): Promise<CatalogExchange> {
    const current = await this.#load("e.id = $1", requireId("id", id));
    const name = changes.name === undefined ? current.name : requireText("name", changes.name);
    const description =
      changes.description === undefined ? current.description : optionalText("description", changes.description, 100_000);
    const url = changes.url === undefined ? current.url : optionalText("url", changes.url);
    await mapErrors(
      () =>
        this.ctx.sql.run("update catalog_exchanges set name = $2, description = $3, url = $4 where id = $1", [
          id,
          name,
          description,
          url,
        ]),
      { entity: "catalog exchange", key: name },
    );
    await this.#invalidate(current, name);
    return this.#load("e.id = $1", id);
  }

  /** Sets (adds or replaces) one param of catalog exchange `id`. */
  async setParam(id: number, param: CatalogExchangeParamInput): Promise<CatalogExchange> {
    const current = await this.#load("e.id = $1", requireId("id", id));
    const [p] = params([param]) as [CatalogExchangeParam];
    await this.#writeParam(id, p);
    await this.#invalidate(current);
    return this.#load("e.id = $1", id);
  }

  /** Removes param `name` of catalog exchange `id`; NotFoundError when it has none by that name. */
  async removeParam(id: number, name: string): Promise<CatalogExchange> {
    const current = await this.#load("e.id = $1", requireId("id", id));
    const count = await this.ctx.sql.run("delete from catalog_exchange_params where exchange_id = $1 and name = $2", [id, name]);
    if (count === 0) throw NotFoundError.of(`param of catalog exchange ${current.name}`, name);
    await this.#invalidate(current);
    return this.#load("e.id = $1", id);
  }

  /** Uninstalls a catalog exchange and its symbols; ConstraintViolation while accounts use it. */
  async uninstall(id: number): Promise<void> {
    const current = await this.#load("e.id = $1", requireId("id", id));
    // Invalidate before the delete too: its cascade takes the symbols whose keys we list here.
    await this.#invalidate(current);
    await this.ctx.sql.run("delete from catalog_exchanges where id = $1", [id]);
  }

  /** The catalog exchange with `id` (read through the lookup cache); NotFoundError. */
  getById(id: number): Promise<CatalogExchange> {
    requireId("id", id);
    return this.ctx.lookups.readThrough(lookupKeys.exchangeById(id), exchangeCodec, () => this.#load("e.id = $1", id));
  }

  /** The catalog exchange named `name` (read through the lookup cache); NotFoundError. */
  getByName(name: string): Promise<CatalogExchange> {
    const key = requireText("name", name);
    return this.ctx.lookups.readThrough(lookupKeys.exchangeByName(key), exchangeCodec, () => this.#load("e.name = $1", key));
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
    return (await this.ctx.sql.execute(`select ${EXCHANGE_SELECT} from catalog_exchanges e order by e.name`)).map(toExchange);
  }

  /** Adds a user's account at a catalog exchange, sealing its credentials; DuplicateError (user, name). */
  async addAccount(input: ExchangeAccountInput): Promise<ExchangeAccount> {
    const userId = requireId("userId", input.userId);
    const name = requireText("name", input.name);
    const exchange = await this.resolve(input.exchange);
    const sealed = input.credentials ? this.#seal(input.credentials) : [null, null, null];
    const rows = await mapErrors(() =>
      this.ctx.sql.execute<{ id: string }>(
        `insert into exchange_accounts (user_id, catalog_exchange_id, name, api_key, api_secret, api_passphrase, testnet, active, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, now()) on conflict do nothing returning id`,
        [
          userId,
          exchange.id,
          name,
          ...sealed,
          booleanOr("testnet", input.testnet, false),
          booleanOr("active", input.active, true),
        ],
      ),
    );
    if (!rows[0]) throw new DuplicateError(`exchange account of user ${userId}`, name);
    return this.getAccount(idOf(rows[0].id));
  }

  /** Changes name, testnet or active of an account; NotFoundError, DuplicateError (name taken). */
  async updateAccount(id: number, changes: ExchangeAccountChanges): Promise<ExchangeAccount> {
    const current = await this.getAccount(id);
    const name = changes.name === undefined ? current.name : requireText("name", changes.name);
    await mapErrors(
      () =>
        this.ctx.sql.run("update exchange_accounts set name = $2, testnet = $3, active = $4 where id = $1", [
          id,
          name,
          booleanOr("testnet", changes.testnet, current.testnet),
          booleanOr("active", changes.active, current.active),
        ]),
      { entity: `exchange account of user ${current.userId}`, key: name },
    );
    return this.getAccount(id);
  }

  /** Replaces an account's credentials (sealed before they are written); NotFoundError. */
  async setCredentials(id: number, credentials: ExchangeCredentialsInput): Promise<ExchangeAccount> {
    const sealed = this.#seal(credentials);
    const count = await this.ctx.sql.run(
      "update exchange_accounts set api_key = $2, api_secret = $3, api_passphrase = $4 where id = $1",
      [requireId("id", id), ...sealed],
    );
    if (count === 0) throw NotFoundError.of("exchange account", id);
    return this.getAccount(id);
  }

  /** Removes an account (its balances and fills go with it); NotFoundError. */
  async removeAccount(id: number): Promise<void> {
    const count = await this.ctx.sql.run("delete from exchange_accounts where id = $1", [requireId("id", id)]);
    if (count === 0) throw NotFoundError.of("exchange account", id);
  }

  /** The account with `id` (no credentials); NotFoundError. */
  async getAccount(id: number): Promise<ExchangeAccount> {
    const rows = await this.ctx.sql.execute(`select ${ACCOUNT_SELECT} from ${ACCOUNT_FROM} where a.id = $1`, [
      requireId("id", id),
    ]);
    if (!rows[0]) throw NotFoundError.of("exchange account", id);
    return toAccount(rows[0]);
  }

  /** The account of user `userId` named `name`; NotFoundError. */
  async getAccountByName(userId: number, name: string): Promise<ExchangeAccount> {
    const rows = await this.ctx.sql.execute(
      `select ${ACCOUNT_SELECT} from ${ACCOUNT_FROM} where a.user_id = $1 and a.name = $2`,
      [requireId("userId", userId), name],
    );
    if (!rows[0]) throw NotFoundError.of(`exchange account of user ${userId}`, name);
    return toAccount(rows[0]);
  }

  /** Every account of user `userId`, by name. */
  async getAccountsByUser(userId: number): Promise<ExchangeAccount[]> {
    const rows = await this.ctx.sql.execute(
      `select ${ACCOUNT_SELECT} from ${ACCOUNT_FROM} where a.user_id = $1 order by a.name`,
      [requireId("userId", userId)],
    );
    return rows.map(toAccount);
  }

  /**
   * The decrypted credentials of account `id`, for the order manager only. NotFoundError when the
   * account or its credentials do not exist; ConfigError without CREDENTIALS_ENCRYPTION_KEY.
   */
  async getCredentials(id: number): Promise<ExchangeCredentials> {
    const rows = await this.ctx.sql.execute<Record<string, string | null>>(
      "select api_key, api_secret, api_passphrase from exchange_accounts where id = $1",
      [requireId("id", id)],
    );
    const row = rows[0];
    if (!row) throw NotFoundError.of("exchange account", id);
    if (row.api_key === null || row.api_secret === null) throw NotFoundError.of("credentials of exchange account", id);
    const cipher = this.#cipher();
    const open = (text: string | null | undefined) => (text ? cipher.open(new EncryptedSecret(text)) : null);
    return new ExchangeCredentials(id, open(row.api_key) as string, open(row.api_secret) as string, open(row.api_passphrase));
  }

  #seal(credentials: ExchangeCredentialsInput): [string, string, string | null] {
    const apiKey = hiddenText("credentials.apiKey", credentials.apiKey);
    const apiSecret = hiddenText("credentials.apiSecret", credentials.apiSecret);
    const passphrase = credentials.apiPassphrase ?? null;
    const cipher = this.#cipher();
    return [
      cipher.seal(apiKey).ciphertext,
      cipher.seal(apiSecret).ciphertext,
      passphrase === null ? null : cipher.seal(hiddenText("credentials.apiPassphrase", passphrase)).ciphertext,
    ];
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

  async #writeParam(id: number, p: CatalogExchangeParam): Promise<void> {
    await this.ctx.sql.run(
      `insert into catalog_exchange_params (exchange_id, name, value, description) values ($1, $2, $3, $4)
       on conflict (exchange_id, name) do update set value = excluded.value, description = excluded.description`,
      [id, p.name, p.value, p.description],
    );
  }

  async #load(where: string, key: unknown): Promise<CatalogExchange> {
    const rows = await this.ctx.sql.execute(`select ${EXCHANGE_SELECT} from catalog_exchanges e where ${where}`, [key]);
    if (!rows[0]) throw NotFoundError.of("catalog exchange", key);
    return toExchange(rows[0]);
  }

  /** Drops the exchange's keys and its symbols' (their models carry the exchange's name). */
  async #invalidate(current: CatalogExchange, newName?: string): Promise<void> {
    const symbols = await this.ctx.sql.execute<{ id: number; symbol: string }>(
      "select id, symbol from symbols where catalog_exchange_id = $1",
      [current.id],
    );
    await this.ctx.lookups.invalidate(
      lookupKeys.exchangeById(current.id),
      lookupKeys.exchangeByName(current.name),
      ...(newName && newName !== current.name ? [lookupKeys.exchangeByName(newName)] : []),
      lookupKeys.symbolsOfExchange(current.id),
      ...symbols.flatMap((s) => [lookupKeys.symbolById(s.id), lookupKeys.symbolByName(current.id, s.symbol)]),
    );
  }
}
