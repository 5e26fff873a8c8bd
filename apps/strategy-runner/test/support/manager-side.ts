import type { OrdersCache, Ticker } from "@tradekit/cache";
import { Decimal } from "@tradekit/domain";

type Payload = Record<string, unknown>;

interface Waiting {
  order: Payload;
  /** Set once the first half filled at this price. */
  firstHalfAt?: Decimal;
}

/**
 * The order manager's side of the seam (seams.md), played by a test until the real manager is
 * composed in: it takes requests from the new-orders stream with the consumer group, writes
 * order statuses to the order status cache in the manager's shape, and, like the paper venue,
 * fills an order at the first ticker after it took it. It checks no risk: `decide` scripts it.
 */
export class ManagerSide {
  readonly taken: Payload[] = [];
  /** Every whole fill it wrote: side, volume, price, fee. */
  readonly fills: { side: string; volume: string; price: string; fee: string }[] = [];
  readonly #waiting: Waiting[] = [];

  /** What happens at the next ticker: filled whole, denied, or filled in two halves over two tickers. */
  decide: (order: Payload) => "fill" | "deny" | "halves" = () => "fill";

  constructor(readonly orders: OrdersCache) {}

  /** Takes what is queued, writes each order `submitted`, acknowledges it. */
  async take(): Promise<Payload[]> {
    const batch = await this.orders.takeNewOrders("test-manager", { count: 100, reclaimIdleMs: 60_000 });
    for (const { order } of batch) {
      this.taken.push(order);
      await this.write(order, "submitted", "0", null, "0");
      this.#waiting.push({ order });
    }
    if (batch.length > 0) await this.orders.ackNewOrders(batch.map((b) => b.id));
    return batch.map((b) => b.order);
  }

  /** The venue's turn: every order taken before this ticker fills (or is denied) at its price. */
  async onTicker(ticker: Ticker): Promise<void> {
    for (const w of this.#waiting.splice(0)) {
      const volume = new Decimal(w.order.volume as string);
      if (w.firstHalfAt) {
        const avg = w.firstHalfAt.plus(ticker.last).div(2);
        await this.write(w.order, "filled", volume.toFixed(), avg.toFixed(), "1");
        continue;
      }
      const decision = this.decide(w.order);
      if (decision === "deny") await this.write(w.order, "denied", "0", null, "0", ["risk/reward 1.2 is below the minimum 2"]);
      else if (decision === "fill") await this.fill(w.order, ticker.last.toFixed());
      else {
        await this.write(w.order, "partially_filled", volume.div(2).toFixed(), ticker.last.toFixed(), "0.5");
        this.#waiting.push({ order: w.order, firstHalfAt: ticker.last });
      }
    }
  }

  /** Writes an order's status entry: status, filled volume, average fill price, fee, reasons. */
  async write(
    order: Payload,
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
  async fill(order: Payload, price: string, feeRate = "0.001"): Promise<void> {
    const fee = new Decimal(order.volume as string).times(price).times(feeRate).toFixed();
    await this.write(order, "filled", order.volume as string, price, fee);
    this.fills.push({ side: order.side as string, volume: order.volume as string, price, fee });
  }
}
