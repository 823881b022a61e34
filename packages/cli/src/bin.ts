#!/usr/bin/env node
import { runCli } from './run-cli.js';

const env = process.env;
runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Only a bug gets here; say so plainly rather than dumping a stack at a user.
    process.stderr.write(`raflag: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 70;
  },
);
