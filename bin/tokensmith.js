#!/usr/bin/env node
// The `tokensmith` command. Node 24 runs the TypeScript sources directly (type stripping).
import '../src/cli/main.ts';
