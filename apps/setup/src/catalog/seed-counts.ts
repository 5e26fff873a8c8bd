/** How a catalog seed went: rows created, rows brought back to the seed's values, rows already right. */
export interface SeedCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** Zero counts, to add to. */
export const noCounts = (): SeedCounts => ({ created: 0, updated: 0, unchanged: 0 });
