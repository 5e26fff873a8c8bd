/** A person or service account that owns exchange accounts and bots. */
export interface User {
  readonly id: number;
  readonly username: string;
  readonly email: string | null;
  readonly createdAt: Date;
}

/** What creating a user takes. */
export interface UserInput {
  /** Unique, non-empty. */
  readonly username: string;
  readonly email?: string | null;
}

/** The fields of a user that can change. */
export type UserChanges = Partial<UserInput>;
