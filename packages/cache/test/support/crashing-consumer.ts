// A consumer process that takes new orders and dies (SIGKILL) before acknowledging them.
// Run with tsx: crashing-consumer.ts <redis url> <key prefix> <consumer name>
import { KeyLayout, OrdersCache, RedisStore } from "../../src/index.js";

const [url, prefix, consumer] = process.argv.slice(2) as [string, string, string];
const store = await RedisStore.connect({ url });
const orders = new OrdersCache({ store, keys: new KeyLayout(prefix) });
const taken = await orders.takeNewOrders(consumer, { count: 10, blockMs: 2_000 });
process.stdout.write(`${JSON.stringify(taken)}\n`, () => process.kill(process.pid, "SIGKILL"));
