#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx motcua …` works from a checkout without a build step.
import { register } from 'tsx/esm/api';

register();
process.env.MOTCUA_CLI = '1';
await import('../src/cli/main.ts');
