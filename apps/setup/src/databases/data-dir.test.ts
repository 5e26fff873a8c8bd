import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultDataDir } from "./data-dir.js";

describe("defaultDataDir", () => {
  it("is TRADEKIT_DATA_DIR, else $XDG_STATE_HOME/tradekit, else ~/.local/state/tradekit", () => {
    expect(defaultDataDir({ TRADEKIT_DATA_DIR: "some/dir", XDG_STATE_HOME: "/state" })).toBe(resolve("some/dir"));
    expect(defaultDataDir({ XDG_STATE_HOME: "/state" })).toBe("/state/tradekit");
    expect(defaultDataDir({})).toBe(join(homedir(), ".local", "state", "tradekit"));
  });

  it("ignores a relative XDG_STATE_HOME, as the XDG spec says", () => {
    expect(defaultDataDir({ XDG_STATE_HOME: "state" })).toBe(join(homedir(), ".local", "state", "tradekit"));
  });
});
