/**
 * The chi-square distribution with df degrees of freedom, SciPy's
 * `chi2(df, loc, scale)`: the gamma distribution with shape df / 2 and scale
 * 2, so every function delegates to the gamma ones at z / 2.
 */
import type { BitGenerator } from '../random/types.js';
import { positive } from '../validate.js';
import { checkOptionKeys, checkSampleCount, LocationScaleDistribution } from './location-scale.js';
import { gammaCdf, gammaLogPdf, gammaQuantile, gammaSf } from './gamma.js';
import { fillStandardGamma, gammaConstants, type GammaConstants, gammaWithConstants } from './standard.js';

export interface ChiSquareDistributionOptions {
  /** Degrees of freedom, any positive number; required. */
  readonly df: number;
  /** Lower end of the support (default 0). */
  readonly loc?: number;
  readonly scale?: number;
}

export class ChiSquare extends LocationScaleDistribution {
  readonly name = 'chi-square';
  readonly parameters: Readonly<Record<string, number>>;
  readonly support: readonly [number, number];
  readonly mean: number;
  readonly variance: number;
  readonly df: number;
  private readonly shape: number;
  private readonly constants: GammaConstants;

  constructor(options: ChiSquareDistributionOptions) {
    checkOptionKeys('chi-square', options, ['df', 'loc', 'scale']);
    const { df, loc = 0, scale = 1 } = options;
    positive('df', df);
    super(loc, scale);
    this.df = df;
    this.shape = df / 2;
    this.constants = gammaConstants(df / 2);
    this.parameters = { df, loc, scale };
    this.support = [loc, Infinity];
    this.mean = loc + df * scale;
    this.variance = 2 * df * scale * scale;
  }

  protected standardLogPdf(z: number): number {
    return gammaLogPdf(z / 2, this.shape) - Math.LN2;
  }

  protected standardCdf(z: number): number {
    return gammaCdf(z / 2, this.shape);
  }

  protected standardSf(z: number): number {
    return gammaSf(z / 2, this.shape);
  }

  protected standardQuantile(p: number): number {
    return 2 * gammaQuantile(p, this.shape, false);
  }

  protected standardIsf(q: number): number {
    return 2 * gammaQuantile(q, this.shape, true);
  }

  /** Twice a gamma(df / 2) draw. */
  protected standardSample(rng: BitGenerator): number {
    return 2 * gammaWithConstants(rng, this.constants);
  }

  override sampleN(rng: BitGenerator, n: number): Float64Array {
    const out = fillStandardGamma(rng, this.shape, new Float64Array(checkSampleCount(n)));
    for (let i = 0; i < out.length; i++) out[i] = this.loc + this.scale * (2 * out[i]);
    return out;
  }
}

export function chiSquare(options: ChiSquareDistributionOptions): ChiSquare {
  return new ChiSquare(options);
}
