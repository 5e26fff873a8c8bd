import { NotFoundError, ValidationError } from "@tradekit/domain";
import { jsonParam, limitOf, optionalId, optionalText, requireId, requireSeverity, requireText } from "../models/input-checks.js";
import type { ReconciliationIssue, ReconciliationIssueInput } from "../models/reconciliation-issue.js";
import type { Severity } from "../models/severity.js";
import type { RepositoryContext } from "./repository-context.js";
import { dateOf, dateOrNull, idOf, idOrNull, textOrNull } from "./row-values.js";

const COLUMNS =
  "id, time, account_id, symbol, issue_type, severity, description, expected, actual, resolved, resolved_at, resolution";

const toIssue = (r: Record<string, unknown>): ReconciliationIssue =>
  Object.freeze({
    id: idOf(r.id),
    time: dateOf(r.time),
    accountId: idOrNull(r.account_id),
    symbol: textOrNull(r.symbol),
    issueType: String(r.issue_type),
    severity: r.severity as Severity,
    description: String(r.description),
    expected: r.expected ?? null,
    actual: r.actual ?? null,
    resolved: Boolean(r.resolved),
    resolvedAt: dateOrNull(r.resolved_at),
    resolution: textOrNull(r.resolution),
  });

/** The reconciliation log: differences between venue and database until resolved. */
export class ReconciliationRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /** Records an issue (unresolved). */
  async logIssue(input: ReconciliationIssueInput): Promise<ReconciliationIssue> {
    const rows = await this.ctx.sql.execute(
      `insert into reconciliation_log (time, account_id, symbol, issue_type, severity, description, expected, actual, resolved)
       values (now(), $1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, false) returning ${COLUMNS}`,
      [
        optionalId("accountId", input.accountId),
        optionalText("symbol", input.symbol),
        requireText("issueType", input.issueType),
        requireSeverity("severity", input.severity),
        requireText("description", input.description, 100_000),
        jsonParam("expected", input.expected),
        jsonParam("actual", input.actual),
      ],
    );
    return toIssue(rows[0] as Record<string, unknown>);
  }

  /** The issue with `id`; NotFoundError. */
  async getIssue(id: number): Promise<ReconciliationIssue> {
    const rows = await this.ctx.sql.execute(`select ${COLUMNS} from reconciliation_log where id = $1`, [requireId("id", id)]);
    if (!rows[0]) throw NotFoundError.of("reconciliation issue", id);
    return toIssue(rows[0]);
  }

  /** Unresolved issues, oldest first (default 100), of one account when given. */
  async getUnresolved(options: { accountId?: number; limit?: number } = {}): Promise<ReconciliationIssue[]> {
    const params: unknown[] = [];
    let where = "not resolved";
    if (options.accountId !== undefined) {
      params.push(requireId("accountId", options.accountId));
      where += " and account_id = $1";
    }
    const rows = await this.ctx.sql.execute(
      `select ${COLUMNS} from reconciliation_log where ${where} order by time, id limit ${limitOf(options.limit)}`,
      params,
    );
    return rows.map(toIssue);
  }

  /** Marks an issue resolved with how; NotFoundError, ValidationError when it already is. */
  async resolve(id: number, resolution: string): Promise<ReconciliationIssue> {
    const text = requireText("resolution", resolution, 100_000);
    const rows = await this.ctx.sql.execute(
      `update reconciliation_log set resolved = true, resolved_at = now(), resolution = $2
       where id = $1 and not resolved returning ${COLUMNS}`,
      [requireId("id", id), text],
    );
    if (rows[0]) return toIssue(rows[0]);
    const existing = await this.getIssue(id);
    throw ValidationError.invalid("id", id, `an unresolved issue (it was resolved at ${existing.resolvedAt?.toISOString()})`);
  }
}
