/**
 * Names and limits of `samplekit sample` options, kept apart from the
 * parsing code so that `samplekit --help` can list them without loading the
 * expression parser. Only the `sample` command uses this module.
 */

export const METHODS = ['inverse', 'rejection', 'mh', 'ars'] as const;
export type Method = (typeof METHODS)[number];

export const PROPOSALS = ['auto', 'cauchy', 'uniform'] as const;
export type ProposalName = (typeof PROPOSALS)[number];

/**
 * Most numbers a run may draw (n times the dimension): 800 MB of doubles.
 * The draws are kept in memory for the report, the plot and the output file.
 */
export const MAX_NUMBERS = 100_000_000;
