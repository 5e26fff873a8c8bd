import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Unsubscribe } from "./cache-store.js";
import { connectRedis } from "./redis-client.js";
import { toCacheError } from "./redis-errors.js";

/**
 * The one subscriber connection of a store: a connection in subscribe mode can do nothing else,
 * so every subscription of the process shares this one and handlers are dispatched by channel.
 * ioredis subscribes again by itself after a reconnect.
 */
export class RedisSubscriber {
  readonly #handlers = new Map<string, Set<(message: string) => void>>();

  private constructor(
    readonly client: Redis,
    readonly url: string,
    readonly logger: Logger,
  ) {
    client.on("message", (channel: string, message: string) => {
      for (const handler of this.#handlers.get(channel) ?? []) {
        try {
          handler(message);
        } catch (error) {
          // One failing handler must not starve the others of the same message.
          logger.error({ err: error, channel }, "a cache subscription handler threw");
        }
      }
    });
  }

  static async connect(options: { url: string; commandTimeoutMs: number; logger: Logger }): Promise<RedisSubscriber> {
    return new RedisSubscriber(
      await connectRedis(options, { connectionName: `tradekit-cache-subscriber:${process.pid}` }),
      options.url,
      options.logger,
    );
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe> {
    let handlers = this.#handlers.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.#handlers.set(channel, handlers);
      try {
        await this.client.subscribe(channel);
      } catch (error) {
        this.#handlers.delete(channel);
        throw toCacheError(error, this.url, `SUBSCRIBE ${channel}`);
      }
    }
    const wrapped = (message: string) => handler(message);
    handlers.add(wrapped);
    return async () => {
      handlers.delete(wrapped);
      if (handlers.size > 0 || this.#handlers.get(channel) !== handlers) return;
      this.#handlers.delete(channel);
      try {
        await this.client.unsubscribe(channel);
      } catch (error) {
        throw toCacheError(error, this.url, `UNSUBSCRIBE ${channel}`);
      }
    };
  }

  async close(): Promise<void> {
    this.#handlers.clear();
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
