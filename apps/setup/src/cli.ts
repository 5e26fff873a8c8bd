#!/usr/bin/env node
// `tradekit-setup`: the thin command line over the library (src/index.ts). See --help.
import { runCli } from "./cli/run-cli.js";

const code = await runCli(process.argv.slice(2));
// Exit now rather than wait for idle timers (a pool's idle timeout, a Redis reconnect): everything
// this run opened is closed, and stdout/stderr writes are synchronous for files, pipes and terminals on Linux.
process.exit(code);
