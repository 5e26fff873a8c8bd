import { LockMode } from "@mikro-orm/core";
import { NotFoundError, ValidationError } from "@tradekit/domain";
import { ReconciliationEntryEntity } from "../entities/index.js";
import { toReconciliationIssue } from "../mapping/monitoring-mapping.js";
import { limitOf, optionalId, optionalText, requireId, requireSeverity, requireText } from "../models/input-checks.js";
import type { ReconciliationIssue, ReconciliationIssueInput } from "../models/reconciliation-issue.js";
import { jsonValue } from "./event-repository.js";
import type { RepositoryContext } from "./repository-context.js";

/** The reconciliation log: differences between venue and database until resolved. */
export class ReconciliationRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /** Records an issue (unresolved). */
  async logIssue(input: ReconciliationIssueInput): Promise<ReconciliationIssue> {
    const row = this.ctx.em.create(ReconciliationEntryEntity, {
      time: new Date(),
      account: optionalId("accountId", input.accountId),
      symbol: optionalText("symbol", input.symbol),
      issueType: requireText("issueType", input.issueType),
      severity: requireSeverity("severity", input.severity),
      description: requireText("description", input.description, 100_000),
      expected: jsonValue("expected", input.expected ?? null),
      actual: jsonValue("actual", input.actual ?? null),
      resolved: false,
    });
    await this.ctx.em.flush();
    return toReconciliationIssue(row);
  }

  /** The issue with `id`; NotFoundError. */
  async getIssue(id: number): Promise<ReconciliationIssue> {
    const row = await this.ctx.em.findOne(ReconciliationEntryEntity, requireId("id", id), { refresh: true });
    if (!row) throw NotFoundError.of("reconciliation issue", id);
    return toReconciliationIssue(row);
  }

  /** Unresolved issues, oldest first (default 100), of one account when given. */
  async getUnresolved(options: { accountId?: number; limit?: number } = {}): Promise<ReconciliationIssue[]> {
    const rows = await this.ctx.em.find(
      ReconciliationEntryEntity,
      { resolved: false, ...(options.accountId === undefined ? {} : { account: requireId("accountId", options.accountId) }) },
      { orderBy: { time: "asc", id: "asc" }, limit: limitOf(options.limit), refresh: true },
    );
    return rows.map(toReconciliationIssue);
  }

  /** Marks an issue resolved with how; NotFoundError, ValidationError when it already is. */
  async resolve(id: number, resolution: string): Promise<ReconciliationIssue> {
    const text = requireText("resolution", resolution, 100_000);
    // Locked while checking, so two resolvers cannot both resolve it.
    const row = await this.ctx.em.findOne(ReconciliationEntryEntity, requireId("id", id), {
      lockMode: LockMode.PESSIMISTIC_WRITE,
      refresh: true,
    });
    if (!row) throw NotFoundError.of("reconciliation issue", id);
    if (row.resolved) {
      throw ValidationError.invalid("id", id, `an unresolved issue (it was resolved at ${row.resolvedAt?.toISOString()})`);
    }
    this.ctx.em.assign(row, { resolved: true, resolvedAt: new Date(), resolution: text });
    await this.ctx.em.flush();
    return toReconciliationIssue(row);
  }
}
