import { money } from "./columns.js";

/**
 * The derived columns of a fill (DESIGN.md §5), null until computed: realized PnL of the fill and
 * the position after it. `closedVolume` is how much of the fill closed an open position (0 for a
 * pure opening fill); statistics count a fill as a closed trade when it is > 0.
 */
export const tradeResultColumns = () => ({
  roi: money().nullable(),
  roiPct: money().nullable(),
  totalFee: money().nullable(),
  curVolume: money().nullable(),
  curAvgPrice: money().nullable(),
  curAvgCost: money().nullable(),
  curFee: money().nullable(),
  closedVolume: money().nullable(),
});
