import { TradekitError, ValidationError } from "@tradekit/domain";
import { redactUrl } from "./redact-url.js";

/** `timescale: 'require'` was asked for, but the server has no TimescaleDB extension to install. */
export class TimescaleUnavailableError extends TradekitError {
  constructor(url: string, detail: string, options: { cause?: unknown } = {}) {
    super(
      "TIMESCALE_UNAVAILABLE",
      `TimescaleDB is required (timescale: 'require') but ${detail} on ${redactUrl(url)}. ` +
        "Install the timescaledb extension on that server, use the embedded database, or pass timescale: 'auto' to run on plain PostgreSQL.",
      { details: { url: redactUrl(url) }, cause: options.cause },
    );
  }
}

/** The store was asked about an (exchange, symbol) it has never registered. */
export class UnknownSymbolError extends ValidationError {
  constructor(
    readonly exchange: string,
    readonly symbol: string,
    /** The row of a write batch that named the unknown symbol (its first), when a write found it. */
    row?: number,
  ) {
    super(
      `${row === undefined ? "" : `row ${row}: `}the OHLCV store does not know symbol ${JSON.stringify(symbol)} on exchange ${JSON.stringify(exchange)}; ` +
        "open the repository with { create: true } to register it first",
      { field: "symbol", value: `${exchange}:${symbol}`, code: "UNKNOWN_SYMBOL", row },
    );
  }
}
