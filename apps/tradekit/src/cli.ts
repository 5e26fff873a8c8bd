#!/usr/bin/env node
// `tradekit`: the thin command line over the library (src/index.ts). See --help.
import { runCli } from "./cli/run-cli.js";

const code = await runCli(process.argv.slice(2));
// Exit now rather than wait for idle timers: everything the command opened is closed.
process.exit(code);
