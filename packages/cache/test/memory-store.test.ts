import { describe } from "vitest";
import { KeyLayout, MemoryStore } from "../src/index.js";
import { cachesContract } from "./contract/caches-contract.js";
import { storeContract } from "./contract/store-contract.js";

// The in-memory store against the same contract as Redis (redis-store.int.test.ts).
describe("MemoryStore", () => {
  const fresh = async () => ({ store: new MemoryStore(), keys: new KeyLayout("mem:") });
  storeContract(fresh);
  cachesContract(fresh);
});
