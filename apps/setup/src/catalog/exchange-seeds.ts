/** A market as setup installs it: the exchange's own precision rules. */
export interface SymbolSeed {
  readonly symbol: string;
  readonly baseCurrency: string;
  readonly quoteCurrency: string;
  readonly pricePrecision: number;
  readonly volumePrecision: number;
  readonly tickSize: string;
  readonly minLot: string;
}

/** An exchange as setup installs it, with its markets. */
export interface ExchangeSeed {
  readonly name: string;
  readonly description: string;
  readonly url: string | null;
  readonly symbols: readonly SymbolSeed[];
}

const market = (
  symbol: string,
  pricePrecision: number,
  volumePrecision: number,
  tickSize: string,
  minLot: string,
): SymbolSeed => {
  const [baseCurrency, quoteCurrency] = symbol.split("/") as [string, string];
  return { symbol, baseCurrency, quoteCurrency, pricePrecision, volumePrecision, tickSize, minLot };
};

// Binance spot filters (PRICE_FILTER tickSize, LOT_SIZE stepSize/minQty) as the exchange lists them.
// XRP/ETH keeps the 8-decimal tick it had when the shared test trades (Oct 2019) were recorded.
const BINANCE: readonly SymbolSeed[] = [
  market("BTC/USDT", 2, 5, "0.01", "0.00001"),
  market("ETH/USDT", 2, 4, "0.01", "0.0001"),
  market("BNB/USDT", 2, 3, "0.01", "0.001"),
  market("SOL/USDT", 2, 3, "0.01", "0.001"),
  market("XRP/USDT", 4, 1, "0.0001", "0.1"),
  market("ADA/USDT", 4, 1, "0.0001", "0.1"),
  market("DOGE/USDT", 5, 0, "0.00001", "1"),
  market("ETH/BTC", 5, 4, "0.00001", "0.0001"),
  market("XRP/ETH", 8, 0, "0.00000001", "1"),
  market("BTC/EUR", 2, 5, "0.01", "0.00001"),
];

// Kraken AssetPairs: pair_decimals, lot_decimals and ordermin.
const KRAKEN: readonly SymbolSeed[] = [
  market("BTC/USD", 1, 8, "0.1", "0.00005"),
  market("BTC/EUR", 1, 8, "0.1", "0.00005"),
  market("ETH/USD", 2, 8, "0.01", "0.002"),
  market("ETH/EUR", 2, 8, "0.01", "0.002"),
  market("BCH/EUR", 2, 8, "0.01", "0.025"),
  market("XRP/EUR", 5, 8, "0.00001", "10"),
];

/**
 * The exchanges `tradekit-setup init` installs. `paper` is tradekit's simulated venue; it lists
 * Binance's markets with Binance's rules, so a paper bot meets the limits a live one would.
 */
export const EXCHANGE_SEEDS: readonly ExchangeSeed[] = [
  {
    name: "paper",
    description: "Paper trading: tradekit's simulated venue, filled from the tickers it sees; Binance's markets and rules",
    url: null,
    symbols: BINANCE,
  },
  { name: "binance", description: "Binance spot", url: "https://www.binance.com", symbols: BINANCE },
  { name: "kraken", description: "Kraken spot", url: "https://www.kraken.com", symbols: KRAKEN },
];
