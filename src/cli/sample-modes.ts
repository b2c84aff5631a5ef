/**
 * A check of 1-D Metropolis draws against the density's separated modes.
 * Chains seldom cross a deep valley, so all chains can settle in one mode
 * and R-hat still looks fine. In 1-D the mass of each mode can be computed
 * exactly by numerical inversion, so the share of draws in each mode is
 * compared with it. Only the `sample` command uses this module.
 */
import { type DensityMode, type DensitySurvey, MassCoverageError } from '../samplers/density-survey.js';
import { essMean } from '../samplers/diagnostics/ess.js';
import type { NumericalInversion } from '../samplers/inversion/numerical-inversion.js';
import type { MetropolisResult } from '../samplers/metropolis/sampler.js';

/** Modes with less than this fraction of the largest mode's mass get no proposal component and no chain of their own. */
const MINOR_MODE_MASS = 1e-3;

/** A valley at least this far (in log density) below the lower of its two peaks separates the modes. */
const SEPARATING_DEPTH = Math.log(100);

/** Allowed difference between the share of draws and the mass of a mode, in Monte Carlo standard errors. */
const SHARE_TOLERANCE = 5;

/** Allowed difference whatever the standard error, for rounding and tail cuts. */
const SHARE_SLACK = 0.005;

/** Below this ESS of a mode's indicator the chains crossed too seldom for its share to mean anything. */
const MIN_SHARE_ESS = 100;

export interface ModeShareCheck {
  readonly warnings: string[];
  readonly notes: string[];
  /** The inversion built to integrate the density, when there were separated modes. */
  readonly inversion?: NumericalInversion;
}

/** Returns the survey's modes with at least MINOR_MODE_MASS of the largest mass, at most 8 of them, the largest first. */
export function majorModes(survey: DensitySurvey): DensityMode[] {
  const largest = survey.main.logMass;
  return survey.modes
    .filter((mode) => mode.logMass >= largest + Math.log(MINOR_MODE_MASS))
    .sort((a, b) => b.logMass - a.logMass)
    .slice(0, 8);
}

/**
 * Compares, for each group of modes between deep valleys, the share of
 * draws with the mass that numerical integration (`integrate`) gives. The
 * standard error of a share uses the ESS of the chains' indicator of that
 * group, so correlated draws are allowed for. Returns nothing when the
 * density has one group.
 */
export function checkModeShares(survey: DensitySurvey, result: MetropolisResult, integrate: () => NumericalInversion): ModeShareCheck {
  const modes = majorModes(survey).sort((a, b) => a.x - b.x);
  const boundaries: number[] = [];
  for (let i = 1; i < modes.length; i++) {
    const valley = lowestBetween(survey, modes[i - 1].x, modes[i].x);
    if (valley !== undefined && valley.logDensity < Math.min(modes[i - 1].logDensity, modes[i].logDensity) - SEPARATING_DEPTH) {
      boundaries.push(valley.x);
    }
  }
  if (boundaries.length === 0) return { warnings: [], notes: [] };

  let inversion: NumericalInversion;
  try {
    inversion = integrate();
  } catch (error) {
    if (!(error instanceof MassCoverageError)) throw error;
    return { warnings: [`the share of draws per mode could not be checked, because integrating the density failed: ${error.message}`], notes: [] };
  }

  const chains = result.chains.map((chain) => chain.draws);
  const total = chains.reduce((sum, chain) => sum + chain.length, 0);
  const edges = [-Infinity, ...boundaries, Infinity];
  const warnings: string[] = [];
  const groups: string[] = [];
  for (let k = 0; k + 1 < edges.length; k++) {
    const [from, to] = [edges[k], edges[k + 1]];
    const inside = (x: number): number => (x > from && x <= to ? 1 : 0);
    const mass = cdfAt(inversion, to) - cdfAt(inversion, from);
    const indicators = chains.map((chain) => chain.map(inside));
    const share = indicators.reduce((sum, chain) => sum + chain.reduce((a, b) => a + b, 0), 0) / total;
    const ess = indicators[0].length >= 4 ? essMean(indicators) : NaN;
    const standardError = Number.isFinite(ess) ? Math.sqrt((mass * (1 - mass)) / ess) : 0;
    const place = describeRange(from, to);
    groups.push(place);

    if (Math.abs(share - mass) > SHARE_TOLERANCE * standardError + SHARE_SLACK) {
      warnings.push(
        `the draws put ${percent(share)} in the mode ${place}, which holds ${percent(mass)} of the mass (by numerical integration); the chains did not move between the separated modes often enough, so the draws are wrong there: use --method inverse, which is exact for 1-D densities`,
      );
    } else if (!(ess >= MIN_SHARE_ESS)) {
      warnings.push(
        `the draws put ${percent(share)} in the mode ${place}, which holds ${percent(mass)} of the mass, but the chains crossed between the separated modes so seldom (ESS of that share ${Number.isFinite(ess) ? ess.toFixed(0) : 'undefined'}) that the agreement means little: use --method inverse, which is exact for 1-D densities`,
      );
    }
  }

  const notes = [
    `the density has ${groups.length} separated modes (${groups.join('; ')}); Metropolis chains seldom cross between them, so the share of draws in each was compared with its mass${warnings.length === 0 ? ' and agrees within 5 Monte Carlo standard errors' : ''}`,
  ];
  return { warnings, notes, inversion };
}

/** Returns the survey grid point with the lowest log density strictly between a and b, or undefined when there is none. */
function lowestBetween(survey: DensitySurvey, a: number, b: number): { x: number; logDensity: number } | undefined {
  let best: { x: number; logDensity: number } | undefined;
  for (let i = 0; i < survey.points.length; i++) {
    const x = survey.points[i];
    if (x > a && x < b && (best === undefined || survey.logValues[i] < best.logDensity)) best = { x, logDensity: survey.logValues[i] };
  }
  return best;
}

function cdfAt(inversion: NumericalInversion, x: number): number {
  if (x === -Infinity) return 0;
  if (x === Infinity) return 1;
  return inversion.cdf(x);
}

function describeRange(from: number, to: number): string {
  if (from === -Infinity) return `below x = ${Number(to.toPrecision(4))}`;
  if (to === Infinity) return `above x = ${Number(from.toPrecision(4))}`;
  return `between x = ${Number(from.toPrecision(4))} and ${Number(to.toPrecision(4))}`;
}

function percent(fraction: number): string {
  return `${(100 * fraction).toFixed(1)} %`;
}
