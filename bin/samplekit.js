#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

// A reader that closes the pipe early (`samplekit dist --help | head -2`) has all it wants: stop quietly, as Unix tools do.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv);
