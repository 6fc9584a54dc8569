#!/usr/bin/env node
// Starts the server in this very process (TypeScript through tsx's loader, no tsx child process), so a
// SIGTERM or SIGINT sent to this process reaches the server's own clean shutdown (src/main.ts).
// `npm start` runs it with `exec`, so the shell npm starts is replaced by this process and npm's
// forwarded signal lands here. Production: `npm run build:web` once, then `node scripts/start.mjs`
// as the process the manager signals (PID 1 in a container). Arguments reach the server unchanged.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
