/**
 * Set-up plan of numerical inversion, before any interpolation. A survey of
 * the whole domain finds where the mass lies, so separated modes are all
 * seen. A change of variables removes an integrable pole at a finite end.
 * The computational domain leaves out tails and boundary regions whose mass
 * is below a small fraction of the u-resolution.
 */
import { NumericalError } from '../../errors.js';
import { type DensitySurvey, surveyDensity } from '../density-survey.js';
import { checkIntegrablePole, cutDomainEnd, type DomainEnd, estimateScale, findCenter, fitPole } from './domain.js';
import { MappedSource, type PoleMapping, toT, toX } from './pole-mapping.js';
import { type CdfSource, DensitySource, type MassSource } from './source.js';

/**
 * Tail mass cut from each end, as a fraction of the u-resolution. Small
 * enough that the table's total mass, and so the normalised pdf, is off by
 * at most 2 % of the u-resolution.
 */
export const TAIL_FRACTION = 0.01;

/** Everything the interval table needs, in the variable of the table (t when a pole was mapped away, x otherwise). */
export interface InversionPlan {
  readonly source: MassSource;
  /** The change of variables x = toX(mapping, t), when a pole was mapped away. */
  readonly mapping?: PoleMapping;
  readonly lower: DomainEnd;
  readonly upper: DomainEnd;
  /** Integral of the (shifted) density over the computational domain. */
  readonly mass: number;
  readonly center: number;
  /** Length scale near the center, for the first interval. */
  readonly scale: number;
  /** Modes of the density inside the domain, with the step to restart from after each. */
  readonly breakpoints: { readonly point: number; readonly step: number }[];
  /** The density survey (density mode only), in x. */
  readonly survey?: DensitySurvey;
}

/**
 * Plans the inversion of `source` on [lower, upper]. Throws for a density
 * that is zero everywhere, not integrable, or rising where the survey
 * ends, and for a pole that carries more than the allowed mass within one
 * double-precision step of its end.
 */
export function planInversion(
  source: CdfSource | DensitySource,
  lower: number,
  upper: number,
  uResolution: number,
  centerOption: number | undefined,
): InversionPlan {
  if (!(source instanceof DensitySource)) return planCdf(source, lower, upper, uResolution, centerOption);
  if (centerOption !== undefined) findCenter('pdf', lower, upper, (x) => source.logValue(x), centerOption);

  const survey = surveyDensity((x) => source.logValue(x), lower, upper, {
    center: centerOption,
    negligibleMass: 1e-3 * TAIL_FRACTION * uResolution,
  });
  // Shifting by the highest peak keeps exp() of a log density from overflowing at any mode.
  source.logShift = source.usesLogDensity ? Math.max(...survey.modes.map((mode) => mode.logDensity)) : 0;
  const massGuess = Math.exp(survey.main.logMass - source.logShift);
  const centerX = centerOption ?? survey.main.x;

  // The mass within one double of a pole end adds to the u-error directly, so it may use a quarter of the u-resolution.
  const mapping = poleMapping(source, lower, upper, 0.25 * uResolution * massGuess);
  const mapped = mapping === undefined ? source : new MappedSource(source, mapping);
  const toTable = (x: number): number => (mapping === undefined ? x : toT(mapping, x));

  const center = toTable(centerX);
  const [tableLower, tableUpper] = [toTable(lower), toTable(upper)];
  const modes = survey.modes.map((mode) => {
    const point = toTable(mode.x);
    const step = Math.abs(toTable(mode.x + mode.halfWidths[1]) - point) || Math.abs(point - toTable(mode.x - mode.halfWidths[0]));
    return { point, step };
  });
  const lowest = Math.min(center, ...modes.map((mode) => mode.point));
  const highest = Math.max(center, ...modes.map((mode) => mode.point));
  const scale = estimateScale(mapped, center, tableLower, tableUpper);

  let guess = massGuess;
  for (let pass = 0; ; pass++) {
    const tolerance = TAIL_FRACTION * uResolution * guess;
    const cutLower = cutDomainEnd(mapped, lowest, tableLower, -1, scale, tolerance);
    const cutUpper = cutDomainEnd(mapped, highest, tableUpper, 1, scale, tolerance);
    const breakpoints = modes.filter(({ point }) => point > cutLower.point && point < cutUpper.point).sort((a, b) => a.point - b.point);
    const mass = piecewiseMass(mapped, [cutLower.point, ...breakpoints.map(({ point }) => point), cutUpper.point], 1e-6 * guess);

    if (!(mass > 0)) {
      throw new NumericalError(`the density has no mass on [${toXOf(mapping, cutLower.point)}, ${toXOf(mapping, cutUpper.point)}]; it must be positive somewhere in the domain`);
    }
    if (mass === Infinity) {
      throw new NumericalError(`the integral of the density over [${lower}, ${upper}] overflows; rescale the density or narrow the domain`);
    }
    // A second pass cuts again when the first guess of the mass was too large, so the cut tails stay below the tolerance.
    if (mass >= guess || pass === 1) {
      return { source: mapped, mapping, lower: cutLower, upper: cutUpper, mass, center, scale, breakpoints, survey };
    }
    guess = mass;
  }
}

function toXOf(mapping: PoleMapping | undefined, point: number): number {
  return mapping === undefined ? point : toX(mapping, point);
}

/** Plans CDF mode, where the CDF itself locates the mass, so the center search and the tail cuts need no survey. */
function planCdf(source: CdfSource, lower: number, upper: number, uResolution: number, centerOption: number | undefined): InversionPlan {
  const score = (x: number): number => {
    const value = source.value(x);
    return value > 0 && value < 1 ? -Math.abs(value - 0.5) : -Infinity;
  };
  const center = findCenter('cdf', lower, upper, score, centerOption);
  const scale = estimateScale(source, center, lower, upper);
  const tolerance = TAIL_FRACTION * uResolution;
  const cutLower = cutDomainEnd(source, center, lower, -1, scale, tolerance);
  const cutUpper = cutDomainEnd(source, center, upper, 1, scale, tolerance);
  const mass = source.mass(cutLower.point, source.value(cutLower.point), cutUpper.point, source.value(cutUpper.point));
  if (!(mass > 0)) {
    throw new NumericalError(`the CDF has no mass on [${cutLower.point}, ${cutUpper.point}]; it must increase somewhere in the domain`);
  }
  return { source, lower: cutLower, upper: cutUpper, mass, center, scale, breakpoints: [] };
}

/** Integrates the source over consecutive pieces between the sorted `points`, so no piece spans a mode. */
function piecewiseMass(source: MassSource, points: number[], tolerance: number): number {
  let mass = 0;
  let previousValue = source.value(points[0]);
  for (let i = 1; i < points.length; i++) {
    const value = source.value(points[i]);
    if (points[i] > points[i - 1]) mass += source.mass(points[i - 1], previousValue, points[i], value, tolerance / points.length);
    previousValue = value;
  }
  return mass;
}

/** Smallest step away from `end` that doubles resolve: the next double, or the smallest normal double next to 0. */
function representableStep(end: number): number {
  if (end === 0) return 2 ** -1022;
  return Math.abs(end) * Number.EPSILON;
}

/**
 * Returns the change of variables for a pole at a finite end (the one with
 * the larger exponent when both ends have one), or undefined when neither
 * end has a pole. Throws when the pole is not integrable, or when the mass
 * within one representable step of its end exceeds `tolerance`, because no
 * double could then carry the draws that belong there.
 */
function poleMapping(source: DensitySource, lower: number, upper: number, tolerance: number): PoleMapping | undefined {
  let best: PoleMapping | undefined;
  let bestAlpha = 0;
  for (const [end, inward] of [[lower, 1], [upper, -1]] as const) {
    if (!Number.isFinite(end)) continue;
    const atEnd = source.rawValue(end);
    if (atEnd >= 0 && atEnd < Infinity) continue;
    if (atEnd < 0) source.value(end); // throws the negative-density error

    // The fit points lie 1e-6 and 1e-9 of this width inside the end, far enough from it to be distinct doubles.
    const width = Math.min(Math.max(1, Math.abs(end)), Number.isFinite(lower) && Number.isFinite(upper) ? (upper - lower) / 2 : Infinity);
    const { alpha, c } = fitPole(source, end, inward, width);
    checkIntegrablePole(end, alpha);
    const stepMass = (c * representableStep(end) ** (1 - alpha)) / (1 - alpha);
    if (stepMass > tolerance) {
      throw new NumericalError(
        `the pole at x = ${end} carries more than the allowed mass within one double-precision step of it, so no representable cut reaches the u-resolution; increase the u-resolution or transform the variable so the pole sits at 0`,
      );
    }
    if (alpha > bestAlpha) {
      bestAlpha = alpha;
      best = { end, direction: inward, power: 1 / (1 - alpha) };
    }
  }
  return best;
}
