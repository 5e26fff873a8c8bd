import { toDecimal } from "@tradekit/domain";
import type { DatabaseContext, MarketSymbol } from "@tradekit/orm";
import type { ExchangeSeed, SymbolSeed } from "./exchange-seeds.js";
import { noCounts, type SeedCounts } from "./seed-counts.js";

/** Installs the seeded exchanges that are missing and brings description and url of the others to the seed's. */
export async function seedExchanges(db: DatabaseContext, seeds: readonly ExchangeSeed[]): Promise<SeedCounts> {
  const counts = noCounts();
  for (const seed of seeds) {
    const found = await db.exchanges.findByName(seed.name);
    if (!found) {
      await db.exchanges.install({ name: seed.name, description: seed.description, url: seed.url });
      counts.created++;
    } else if (found.description !== seed.description || found.url !== seed.url) {
      await db.exchanges.update(found.id, { description: seed.description, url: seed.url });
      counts.updated++;
    } else {
      counts.unchanged++;
    }
  }
  return counts;
}

const sameRules = (s: MarketSymbol, seed: SymbolSeed): boolean =>
  s.baseCurrency === seed.baseCurrency &&
  s.quoteCurrency === seed.quoteCurrency &&
  s.pricePrecision === seed.pricePrecision &&
  s.volumePrecision === seed.volumePrecision &&
  s.tickSize.eq(toDecimal(seed.tickSize, "tickSize")) &&
  s.minLot.eq(toDecimal(seed.minLot, "minLot"));

/**
 * Creates the seeded symbols that are missing and brings the precision rules of the others to the
 * seed's. Whether a symbol is active is the user's choice and is left as it is; symbols the seed
 * does not list are left alone.
 */
export async function seedSymbols(db: DatabaseContext, seeds: readonly ExchangeSeed[]): Promise<SeedCounts> {
  const counts = noCounts();
  for (const exchange of seeds) {
    for (const seed of exchange.symbols) {
      const found = await db.symbols.findBySymbol(exchange.name, seed.symbol);
      if (!found) {
        await db.symbols.create({ exchange: exchange.name, ...seed });
        counts.created++;
      } else if (!sameRules(found, seed)) {
        const { symbol: _, ...rules } = seed;
        await db.symbols.update(found.id, rules);
        counts.updated++;
      } else {
        counts.unchanged++;
      }
    }
  }
  return counts;
}
