import { DuplicateError, NotFoundError } from "@tradekit/domain";
import { mapErrors } from "../errors.js";
import { optionalText, requireId, requireText } from "../models/input-checks.js";
import type { User, UserChanges, UserInput } from "../models/user.js";
import type { RepositoryContext } from "./repository-context.js";
import { dateOf, idOf, textOrNull } from "./row-values.js";

const COLUMNS = "id, username, email, created_at";

const toUser = (r: Record<string, unknown>): User =>
  Object.freeze({ id: idOf(r.id), username: String(r.username), email: textOrNull(r.email), createdAt: dateOf(r.created_at) });

/** Users: the owners of exchange accounts and bots. */
export class UserRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /** Creates a user; DuplicateError when the username is taken. */
  async create(input: UserInput): Promise<User> {
    const username = requireText("username", input.username);
    const email = optionalText("email", input.email);
    // ON CONFLICT keeps the caller's transaction usable after a duplicate.
    const rows = await this.ctx.sql.execute(
      `insert into users (username, email, created_at) values ($1, $2, now()) on conflict do nothing returning ${COLUMNS}`,
      [username, email],
    );
    if (!rows[0]) throw new DuplicateError("user with username", username);
    return toUser(rows[0]);
  }

  /** The user with `id`; NotFoundError when there is none. */
  async getById(id: number): Promise<User> {
    const rows = await this.ctx.sql.execute(`select ${COLUMNS} from users where id = $1`, [requireId("id", id)]);
    if (!rows[0]) throw NotFoundError.of("user", id);
    return toUser(rows[0]);
  }

  /** The user named `username`, or undefined when there is none. */
  async findByUsername(username: string): Promise<User | undefined> {
    const rows = await this.ctx.sql.execute(`select ${COLUMNS} from users where username = $1`, [
      requireText("username", username),
    ]);
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  /** The user named `username`; NotFoundError when there is none. */
  async getByUsername(username: string): Promise<User> {
    const user = await this.findByUsername(username);
    if (!user) throw NotFoundError.of("user", username);
    return user;
  }

  /** Every user, by username. */
  async list(): Promise<User[]> {
    return (await this.ctx.sql.execute(`select ${COLUMNS} from users order by username`)).map(toUser);
  }

  /** Changes username and/or email; NotFoundError, DuplicateError (username taken). */
  async update(id: number, changes: UserChanges): Promise<User> {
    const current = await this.getById(id);
    const username = changes.username === undefined ? current.username : requireText("username", changes.username);
    const email = changes.email === undefined ? current.email : optionalText("email", changes.email);
    const rows = await mapErrors(
      () =>
        this.ctx.sql.execute(`update users set username = $2, email = $3 where id = $1 returning ${COLUMNS}`, [
          id,
          username,
          email,
        ]),
      { entity: "user with username", key: username },
    );
    return toUser(rows[0] as Record<string, unknown>);
  }

  /** Deletes the user with its accounts and bots (cascade); NotFoundError when there is none. */
  async delete(id: number): Promise<void> {
    const count = await this.ctx.sql.run("delete from users where id = $1", [requireId("id", id)]);
    if (count === 0) throw NotFoundError.of("user", id);
  }
}
