import { describe, expect, it } from "vitest";
import { TimescaleUnavailableError } from "./errors.js";
import { redactUrl } from "./redact-url.js";

describe("redactUrl", () => {
  it("masks a URL's password, in errors too", () => {
    expect(redactUrl("postgres://bot:s3cret@db:5432/ohlcv")).toBe("postgres://bot:***@db:5432/ohlcv");
    expect(redactUrl("postgres://postgres@127.0.0.1/x")).toBe("postgres://postgres@127.0.0.1/x");
    const error = new TimescaleUnavailableError("postgres://bot:s3cret@db/ohlcv", "it is absent");
    expect(error.message).not.toContain("s3cret");
    expect(JSON.stringify(error.details)).not.toContain("s3cret");
  });
});
