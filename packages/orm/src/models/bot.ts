/** A bot: a user's strategies trading on one exchange account (or paper trading). */
export interface Bot {
  readonly id: number;
  readonly userId: number;
  /** The exchange account it trades on; null until one is assigned. */
  readonly accountId: number | null;
  /** Unique per user. */
  readonly name: string;
  readonly description: string | null;
  readonly active: boolean;
  readonly dryRun: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What adding a bot takes. */
export interface BotInput {
  readonly userId: number;
  readonly accountId?: number | null;
  readonly name: string;
  readonly description?: string | null;
  /** Default false. */
  readonly active?: boolean;
  /** Default true: a new bot paper-trades until switched. */
  readonly dryRun?: boolean;
}

/** The fields of a bot that can change. */
export type BotChanges = Partial<Omit<BotInput, "userId">>;
