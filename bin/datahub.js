#!/usr/bin/env node
// Entry point of the `datahub` command. The sources are TypeScript; tsx compiles them on load.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
