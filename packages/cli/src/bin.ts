#!/usr/bin/env node
import { nodeIo } from './io.js';
import { main } from './main.js';
import { terminalSafe } from './terminal-text.js';

main(process.argv.slice(2), nodeIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // not an expected error: a bug, so the stack trace helps
    process.stderr.write(`${terminalSafe(String((error as Error)?.stack ?? error))}\n`);
    process.exitCode = 70;
  },
);
