import { DuplicateError, NotFoundError } from "@tradekit/domain";
import { UserEntity } from "../entities/index.js";
import { mapErrors } from "../errors.js";
import { toUser } from "../mapping/owner-mapping.js";
import { optionalText, requireId, requireText } from "../models/input-checks.js";
import type { User, UserChanges, UserInput } from "../models/user.js";
import type { RepositoryContext } from "./repository-context.js";

/** Users: the owners of exchange accounts and bots. */
export class UserRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /** Creates a user; DuplicateError when the username is taken. */
  async create(input: UserInput): Promise<User> {
    const username = requireText("username", input.username);
    const email = optionalText("email", input.email);
    // ON CONFLICT keeps the caller's transaction usable after a duplicate.
    const row = await this.ctx.db
      .insertInto("User")
      .values({ username, email, createdAt: new Date() })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new DuplicateError("user with username", username);
    return toUser(this.ctx.em.map(UserEntity, row as never, { mapped: true }));
  }

  /** The user with `id`; NotFoundError when there is none. */
  async getById(id: number): Promise<User> {
    return toUser(await this.#row(id));
  }

  /** The user named `username`, or undefined when there is none. */
  async findByUsername(username: string): Promise<User | undefined> {
    const row = await this.ctx.em.findOne(UserEntity, { username: requireText("username", username) }, { refresh: true });
    return row ? toUser(row) : undefined;
  }

  /** The user named `username`; NotFoundError when there is none. */
  async getByUsername(username: string): Promise<User> {
    const user = await this.findByUsername(username);
    if (!user) throw NotFoundError.of("user", username);
    return user;
  }

  /** Every user, by username. */
  async list(): Promise<User[]> {
    return (await this.ctx.em.find(UserEntity, {}, { orderBy: { username: "asc" }, refresh: true })).map(toUser);
  }

  /** Changes username and/or email; NotFoundError, DuplicateError (username taken). */
  async update(id: number, changes: UserChanges): Promise<User> {
    const row = await this.#row(id);
    const username = changes.username === undefined ? row.username : requireText("username", changes.username);
    const email = changes.email === undefined ? (row.email ?? null) : optionalText("email", changes.email);
    this.ctx.em.assign(row, { username, email });
    await mapErrors(() => this.ctx.em.flush(), { entity: "user with username", key: username });
    return toUser(row);
  }

  /** Deletes the user with its accounts and bots (cascade); NotFoundError when there is none. */
  async delete(id: number): Promise<void> {
    const count = await this.ctx.em.nativeDelete(UserEntity, { id: requireId("id", id) });
    if (count === 0) throw NotFoundError.of("user", id);
  }

  async #row(id: number) {
    const row = await this.ctx.em.findOne(UserEntity, requireId("id", id), { refresh: true });
    if (!row) throw NotFoundError.of("user", id);
    return row;
  }
}
