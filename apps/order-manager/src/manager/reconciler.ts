import { Decimal, isTerminalStatus } from "@tradekit/domain";
import { DatabaseContext } from "@tradekit/orm";
import { setKillSwitch } from "../risk/trading-state.js";
import type { ExecutionVenue, VenueBalance, VenueEvent, VenueOrder, VenuePosition } from "../venue/execution-venue.js";
import { bookEvents, writeAccountCache } from "./fill-booking.js";
import type { BookedEvent, ManagerCore } from "./manager-core.js";
import { sendOrders } from "./submission.js";
import { findOrderIds, type TrackedOrder } from "./tracked-order.js";

/** What one reconciliation found. */
export interface ReconciliationReport {
  at: Date;
  accounts: number[];
  /** Fills the venue had that were not booked yet (now booked). */
  missedFills: number;
  /** In-flight orders resolved by asking the venue. */
  resolved: number;
  /** Differences written to the reconciliation log. */
  issues: string[];
  halted: boolean;
}

const IN_FLIGHT = new Set(["new", "submitted", "pending_cancel", "pending_update"]);
const ZERO = new Decimal(0);

/**
 * Reconciles every account the manager serves against its venue (DESIGN.md §10): fills since the
 * last booked one are booked (a missed fill becomes its events), orders in flight too long (every
 * one at start-up) are resolved by asking the venue, then positions and balances are compared.
 * A position mismatch left after that halts the account (the kill switch), since trading on it
 * would be trading on a guess; a balance difference is logged and the venue's balance taken.
 */
export async function reconcile(core: ManagerCore, options: { startup: boolean }): Promise<ReconciliationReport> {
  const report: ReconciliationReport = {
    at: core.clock.now(),
    accounts: [],
    missedFills: 0,
    resolved: 0,
    issues: [],
    halted: false,
  };
  const accounts = [...new Set([...core.bots.values()].map((b) => b.accountId))];
  for (const exId of accounts) {
    const venue = core.venues.get(exId);
    if (!venue) continue;
    report.accounts.push(exId);
    const mine = [...core.book.values()].filter((t) => t.order.exId === exId && !isTerminalStatus(t.order.status));
    let since: Date;
    {
      await using db = await DatabaseContext.open(core.database);
      const [last] = await db.trades.getRecent(1, { exId });
      await db.commit();
      const times = [...mine.map((t) => t.order.createdAt.getTime()), last ? last.time.getTime() - 60_000 : 0];
      since = new Date(Math.min(...times));
    }
    const fills = await venue.fillsSince(since);
    const before = core.counters.fills ?? 0;
    await bookEvents(
      core,
      fills.map((fill): VenueEvent => ({ type: "fill", fill })),
      exId,
    );

    const resend: TrackedOrder[] = [];
    // What the venue says of each order, as the events it would have reported: booked together.
    const answers: BookedEvent[] = [];
    for (const t of mine) {
      const stale = Date.now() - t.sentAt > core.options.inflightTimeoutMs;
      if (!options.startup && !(IN_FLIGHT.has(t.order.status) && stale)) continue;
      const v = await venue.getOrder(t.order.clientOrderId, t.order.symbol);
      report.resolved += 1;
      if (v === null) {
        if (t.order.status === "submitted" || t.order.status === "new") resend.push(t);
        continue;
      }
      const cid = t.order.clientOrderId;
      if (t.order.status === "submitted" && (v.status === "open" || v.status === "partially_filled" || v.status === "filled"))
        answers.push({ type: "accepted", clientOrderId: cid, venueOrderId: v.venueOrderId, time: v.updatedAt });
      if (v.status === "rejected" && t.order.status === "submitted")
        answers.push({
          type: "rejected",
          clientOrderId: cid,
          venueOrderId: v.venueOrderId,
          reason: v.reason ?? "rejected by the venue",
          time: v.updatedAt,
        });
      if (v.status === "canceled")
        answers.push({
          type: "canceled",
          clientOrderId: v.clientOrderId,
          venueOrderId: v.venueOrderId,
          reason: v.reason,
          time: v.updatedAt,
        });
      if (v.status === "expired")
        answers.push({ type: "expired", clientOrderId: v.clientOrderId, venueOrderId: v.venueOrderId, time: v.updatedAt });
      if (!v.filledVolume.eq(t.filled))
        report.issues.push(`order ${t.order.clientOrderId}: the venue filled ${v.filledVolume}, booked ${t.filled}`);
    }
    await bookEvents(core, answers, exId);
    if (resend.length > 0) {
      for (const t of resend)
        core.logger.info(
          { clientOrderId: t.order.clientOrderId },
          `the venue never heard of order ${t.order.clientOrderId}: sending it again under the same id`,
        );
      await sendOrders(core, resend);
    }
    const look = await consistentLook(core, exId, since);
    report.missedFills += (core.counters.fills ?? 0) - before;
    if (look === null) {
      core.logger.warn({ exId }, "the venue kept filling while it was read: positions and balances are compared next time");
      continue;
    }
    await compareAccount(core, exId, report, look);
  }
  return report;
}

type VenueLook = { positions: VenuePosition[]; balances: VenueBalance[]; open: VenueOrder[] };

/**
 * The venue's positions, balances and open orders as of a moment when every fill it had made was
 * booked: its fills since `since` are booked, it is read, and the read counts only if it made no
 * fill meanwhile (the venue trades on while it is read; a read ahead of the books would look like
 * a mismatch and halt, and taking its balances would count the fills still on their way twice).
 * Null when it kept filling over three tries.
 */
async function consistentLook(core: ManagerCore, exId: number, since: Date): Promise<VenueLook | null> {
  const venue = core.venues.get(exId) as ExecutionVenue;
  for (let attempt = 0; attempt < 3; attempt++) {
    const fills = await venue.fillsSince(since);
    await bookEvents(
      core,
      fills.map((fill): VenueEvent => ({ type: "fill", fill })),
      exId,
    );
    const [positions, balances, open] = await Promise.all([venue.positions(), venue.balances(), venue.openOrders()]);
    if ((await venue.fillsSince(since)).length === fills.length) return { positions, balances, open };
  }
  return null;
}

async function compareAccount(core: ManagerCore, exId: number, report: ReconciliationReport, look: VenueLook): Promise<void> {
  const { positions: venuePositions, balances: venueBalances, open: openAtVenue } = look;
  const balances = new Map<string, Decimal>();
  {
    await using db = await DatabaseContext.open(core.database);
    const known = await findOrderIds(
      db,
      openAtVenue.map((o) => o.clientOrderId),
    );
    for (const o of openAtVenue) {
      if (known.has(o.clientOrderId)) continue;
      const text = `order ${o.clientOrderId} (${o.venueOrderId}) is open at the venue but was never placed by tradekit: external`;
      report.issues.push(text);
      await db.reconciliation.logIssue({
        accountId: exId,
        symbol: o.symbol,
        issueType: "external_order",
        severity: "warning",
        description: text,
        actual: { clientOrderId: o.clientOrderId, venueOrderId: o.venueOrderId, volume: o.volume.toFixed() },
      });
    }
    const ours = new Map((await db.positions.getOpenPositions(exId)).map((p) => [p.position.symbol, p.position.volume]));
    const theirs = new Map(venuePositions.map((p) => [p.symbol, p.volume]));
    const mismatched: string[] = [];
    for (const symbol of new Set([...ours.keys(), ...theirs.keys()])) {
      const a = ours.get(symbol) ?? ZERO;
      const b = theirs.get(symbol) ?? ZERO;
      if (a.eq(b)) continue;
      const text = `position ${symbol} on account ${exId}: database ${a}, venue ${b}`;
      mismatched.push(text);
      report.issues.push(text);
      await db.reconciliation.logIssue({
        accountId: exId,
        symbol,
        issueType: "position_mismatch",
        severity: "critical",
        description: text,
        expected: { volume: a.toFixed() },
        actual: { volume: b.toFixed() },
      });
    }
    if (mismatched.length > 0) {
      report.halted = true;
      await setKillSwitch(
        db,
        "halted",
        `reconciliation found ${mismatched.length} position mismatch(es): ${mismatched.join("; ")}`,
        "reconciliation",
        { accountId: exId },
      );
    }
    const stored = new Map((await db.balances.getByAccount(exId)).map((b) => [b.currency, b.total]));
    const rows = [];
    for (const b of venueBalances) {
      balances.set(b.currency, b.total);
      const mine = stored.get(b.currency);
      if (mine?.eq(b.total)) continue;
      if (mine !== undefined) {
        const text = `balance ${b.currency} on account ${exId}: database ${mine}, venue ${b.total}; the venue's is taken`;
        report.issues.push(text);
        const issue = await db.reconciliation.logIssue({
          accountId: exId,
          issueType: "balance_mismatch",
          severity: "warning",
          description: text,
          expected: { total: mine.toFixed() },
          actual: { total: b.total.toFixed() },
        });
        await db.reconciliation.resolve(issue.id, "database balance set to the venue's");
      }
      if (b.total.isNeg()) continue;
      rows.push({
        accountId: exId,
        currency: b.currency,
        free: b.free,
        locked: b.locked,
        total: b.total,
        time: core.clock.now(),
      });
    }
    await db.balances.upsertMany(rows);
    await db.commit();
  }
  // It may have taken the venue's balances: the next check reads the account again.
  core.states.forget(exId);
  await writeAccountCache(core, exId, balances);
  if (report.halted)
    core.logger.error({ exId, issues: report.issues }, "reconciliation halted the account: positions differ from the venue");
}
