import type { Constructor } from "@mikro-orm/core";
import type { Migration } from "@mikro-orm/migrations";
import { Migration20261123155059_initial } from "./Migration20261123155059_initial.js";
import { Migration20261123161632_trade_streams } from "./Migration20261123161632_trade_streams.js";
import { Migration20261203113442_position_version } from "./Migration20261203113442_position_version.js";

/**
 * Every migration of the trading schema, oldest first. Listed here (not discovered from disk) so
 * they travel inside the bundled package. Add new ones with `pnpm migration:create <name>`.
 */
export const MIGRATIONS: { name: string; class: Constructor<Migration> }[] = [
  { name: "Migration20261123155059_initial", class: Migration20261123155059_initial },
  { name: "Migration20261123161632_trade_streams", class: Migration20261123161632_trade_streams },
  { name: "Migration20261203113442_position_version", class: Migration20261203113442_position_version },
];
