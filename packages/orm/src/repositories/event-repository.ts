import { ValidationError } from "@tradekit/domain";
import {
  jsonParam,
  limitOf,
  optionalId,
  optionalText,
  recordOrNull,
  requireSeverity,
  requireText,
} from "../models/input-checks.js";
import { SEVERITIES, type Severity } from "../models/severity.js";
import type { EventQuery, SystemEvent } from "../models/system-event.js";
import type { RepositoryContext } from "./repository-context.js";
import { dateOf, idOf, idOrNull, textOrNull } from "./row-values.js";

const COLUMNS = "id, time, type, severity, message, details, symbol, trade_id";

const toEvent = (r: Record<string, unknown>): SystemEvent =>
  Object.freeze({
    id: idOf(r.id),
    time: dateOf(r.time),
    type: String(r.type),
    severity: r.severity as Severity,
    message: String(r.message),
    details: recordOrNull(r.details),
    symbol: textOrNull(r.symbol),
    tradeId: idOrNull(r.trade_id),
  });

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
    const rows = await this.ctx.sql.execute(
      `insert into system_events (time, type, severity, message, details, symbol, trade_id)
       values (now(), $1, $2, $3, $4::jsonb, $5, $6) returning ${COLUMNS}`,
      [
        requireText("type", type),
        requireSeverity("severity", severity),
        requireText("message", message, 100_000),
        jsonParam("details", details),
        optionalText("symbol", symbol),
        optionalId("tradeId", tradeId),
      ],
    );
    return toEvent(rows[0] as Record<string, unknown>);
  }

  /** The newest events (default 100), filtered by severity (exact or minimum) and type. */
  async getRecentEvents(query: EventQuery = {}): Promise<SystemEvent[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (query.severity !== undefined) {
      const list = typeof query.severity === "string" ? [query.severity] : [...query.severity];
      params.push(list.map((s, i) => requireSeverity(`severity[${i}]`, s)));
      where.push(`severity = any($${params.length}::text[])`);
    }
    if (query.minSeverity !== undefined) {
      const min = requireSeverity("minSeverity", query.minSeverity);
      params.push(SEVERITIES.slice(SEVERITIES.indexOf(min)));
      where.push(`severity = any($${params.length}::text[])`);
    }
    if (query.type !== undefined) {
      params.push(requireText("type", query.type));
      where.push(`type = $${params.length}`);
    }
    const rows = await this.ctx.sql.execute(
      `select ${COLUMNS} from system_events ${where.length ? `where ${where.join(" and ")}` : ""}
       order by time desc, id desc limit ${limitOf(query.limit)}`,
      params,
    );
    return rows.map(toEvent);
  }
}
