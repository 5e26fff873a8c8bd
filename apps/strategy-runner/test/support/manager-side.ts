import type { NewOrder, OrdersCache } from "@tradekit/cache";
import { Decimal } from "@tradekit/domain";

/**
 * The order manager's side of the seam (seams.md), played by a test until the real manager is
 * composed in: it takes requests from the new-orders stream with the consumer group and writes
 * order statuses to the order status cache in the shape the manager does. It decides nothing.
 */
export class ManagerSide {
  readonly taken: NewOrder["order"][] = [];

  constructor(readonly orders: OrdersCache) {}

  /** Takes what is queued (acknowledging it) and writes each order `submitted`. */
  async take(): Promise<NewOrder["order"][]> {
    const batch = await this.orders.takeNewOrders("test-manager", { count: 100, reclaimIdleMs: 60_000 });
    for (const { order } of batch) {
      this.taken.push(order);
      await this.write(order, "submitted", "0", null, "0");
    }
    if (batch.length > 0) await this.orders.ackNewOrders(batch.map((b) => b.id));
    return batch.map((b) => b.order);
  }

  /** Writes an order's status entry: status, filled volume, average fill price, fee, reasons. */
  async write(
    order: Record<string, unknown>,
    status: string,
    filledVolume: string,
    avgFillPrice: string | null,
    fee: string,
    reasons: string[] = [],
  ): Promise<void> {
    await this.orders.setOrder(order.exchange as string, order.clientOrderId as string, {
      status,
      data: {
        botId: order.botId,
        symbol: order.symbol,
        side: order.side,
        volume: order.volume,
        filledVolume,
        avgFillPrice,
        fee,
        reasons,
        updatedAt: new Date().toISOString(),
      },
    });
  }

  /** Fills an order whole at `price` with a fee of `feeRate` of the cost. */
  async fill(order: Record<string, unknown>, price: string, feeRate = "0.001"): Promise<void> {
    const fee = new Decimal(order.volume as string).times(price).times(feeRate).toFixed();
    await this.write(order, "filled", order.volume as string, price, fee);
  }
}
