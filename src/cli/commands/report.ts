/**
 * `samplekit report DIR`: rebuilds `report.html` in a training run folder from
 * the files there, for example after a run was stopped or its logs were copied.
 */
import type { Command } from 'commander';

import { writeReport } from '../../report/report.js';

export function register(program: Command): void {
  program
    .command('report')
    .description('Build report.html in a training run folder from its config.json, metrics.jsonl, evaluations.jsonl and samples/')
    .argument('<dir>', 'run folder, as given to train --out')
    .option('--title <text>', 'page title (default: from the model and data set)')
    .action(async (dir: string, options: { title?: string }) => {
      const path = await writeReport(dir, { title: options.title });
      process.stdout.write(`${path}\n`);
    });
}
