/** A service an integration test needs is not reachable; the message says how to start it. */
export class ServiceUnavailable extends Error {
  readonly code = "TEST_SERVICE_UNAVAILABLE";
  constructor(service: string, url: string, howToStart: string, options?: { cause?: unknown }) {
    super(`${service} is not reachable at ${url}. ${howToStart}`, options);
    this.name = "ServiceUnavailable";
  }
}
