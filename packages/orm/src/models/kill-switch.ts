/** The kill switch was engaged (active) or released, globally or for one account or bot. */
export interface KillSwitchEvent {
  readonly id: number;
  readonly time: Date;
  readonly active: boolean;
  readonly reason: string;
  /** Who or what flipped it ("risk-manager", "operator:alice", ...). */
  readonly triggeredBy: string;
  /** Null for the global switch. */
  readonly accountId: number | null;
  /** Null unless it concerns one bot. */
  readonly botId: number | null;
  readonly details: Readonly<Record<string, unknown>> | null;
}

/** What recording a kill-switch change takes. */
export interface KillSwitchInput {
  readonly active: boolean;
  readonly reason: string;
  readonly triggeredBy: string;
  readonly accountId?: number | null;
  readonly botId?: number | null;
  readonly details?: Record<string, unknown> | null;
}

/** Whether trading is stopped for a scope, and by which event. */
export interface KillSwitchState {
  readonly active: boolean;
  /** The event that decides the state (the engaging one when active); null when never recorded. */
  readonly event: KillSwitchEvent | null;
}
