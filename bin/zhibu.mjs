#!/usr/bin/env node
// Runs the TypeScript sources through tsx's loader; no build step is needed to start.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
