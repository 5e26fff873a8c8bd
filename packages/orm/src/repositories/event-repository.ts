import { ValidationError } from "@tradekit/domain";
import { SystemEventEntity } from "../entities/index.js";
import { toSystemEvent } from "../mapping/monitoring-mapping.js";
import { jsonParam, limitOf, optionalId, optionalText, requireSeverity, requireText } from "../models/input-checks.js";
import { SEVERITIES, type Severity } from "../models/severity.js";
import type { EventQuery, SystemEvent } from "../models/system-event.js";
import type { RepositoryContext } from "./repository-context.js";

/** A JSON value as checked input to a json column (a copy through JSON, as it will be stored). */
export function jsonValue<T>(field: string, value: T): T | null {
  const text = jsonParam(field, value);
  return text === null ? null : (JSON.parse(text) as T);
}

/** System events: what operators should know about, newest first. */
export class EventRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /** Records an event; `tradeId` must be a stored fill (ConstraintViolation otherwise). */
  async logEvent(
    type: string,
    severity: Severity,
    message: string,
    details?: Record<string, unknown> | null,
    symbol?: string | null,
    tradeId?: number | null,
  ): Promise<SystemEvent> {
    if (details !== undefined && details !== null && (typeof details !== "object" || Array.isArray(details))) {
      throw ValidationError.invalid("details", details, "an object or null");
    }
    const row = this.ctx.em.create(SystemEventEntity, {
      time: new Date(),
      type: requireText("type", type),
      severity: requireSeverity("severity", severity),
      message: requireText("message", message, 100_000),
      details: jsonValue("details", details ?? null),
      symbol: optionalText("symbol", symbol),
      trade: optionalId("tradeId", tradeId),
    });
    await this.ctx.em.flush();
    return toSystemEvent(row);
  }

  /** The newest events (default 100), filtered by severity (exact or minimum) and type. */
  async getRecentEvents(query: EventQuery = {}): Promise<SystemEvent[]> {
    const exact =
      query.severity === undefined
        ? undefined
        : (typeof query.severity === "string" ? [query.severity] : [...query.severity]).map((s, i) =>
            requireSeverity(`severity[${i}]`, s),
          );
    const minimum =
      query.minSeverity === undefined
        ? undefined
        : SEVERITIES.slice(SEVERITIES.indexOf(requireSeverity("minSeverity", query.minSeverity)));
    const allowed = exact && minimum ? exact.filter((s) => minimum.includes(s)) : (exact ?? minimum);
    const rows = await this.ctx.em.find(
      SystemEventEntity,
      {
        ...(allowed === undefined ? {} : { severity: { $in: allowed } }),
        ...(query.type === undefined ? {} : { type: requireText("type", query.type) }),
      },
      { orderBy: { time: "desc", id: "desc" }, limit: limitOf(query.limit), refresh: true },
    );
    return rows.map(toSystemEvent);
  }
}
