/**
 * The data-set contract between the data layer and the trainers. Rows are
 * float32 in model space: standardised columns for tables, [-1, 1] pixels for
 * images; `toDataSpace` maps generated rows back to the user's units in float64.
 */

export interface MixtureInfo {
  /** Row-major k x dimension mode centres, in model space. */
  readonly centers: Float64Array;
  /** Standard deviation of each mode, in model space. */
  readonly std: number;
}

export interface Dataset {
  /** Built-in name (`ring8`, `mnist`, ...) or the file/folder path. */
  readonly name: string;
  readonly kind: 'vectors' | 'images';
  /** Width of one row (height * width * channels for images). */
  readonly dimension: number;
  /** Row-major trainCount x dimension. */
  readonly train: Float32Array;
  readonly trainCount: number;
  /** Row-major heldOutCount x dimension, never used for training; for evaluation. */
  readonly heldOut: Float32Array;
  readonly heldOutCount: number;
  /** [height, width, channels] for image data sets. */
  readonly imageShape?: readonly [number, number, number];
  /** Class labels aligned with `train` and `heldOut`, where the data set has them (MNIST). */
  readonly trainLabels?: Int32Array;
  readonly heldOutLabels?: Int32Array;
  /** Mode centres for the 2-D mixtures, for mode-coverage metrics. */
  readonly mixture?: MixtureInfo;
  /**
   * The same train and held-out rows in data units, in float64 as read or
   * generated, where float32 would round them (tables and the 2-D sets).
   */
  readonly rowsInDataUnits?: { readonly train: Float64Array; readonly heldOut: Float64Array };
  /** Column names for tables. */
  readonly columns?: readonly string[];
  /** JSON-serialisable description that `generate` uses to rebuild `toDataSpace`. */
  readonly transform: DataTransform;
  /** Maps model-space rows (n x dimension) back to data units. */
  toDataSpace(rows: Float32Array): Float64Array;
}

/** How model space relates to data space; saved with every trained model. */
export type DataTransform =
  | { readonly type: 'identity' }
  | { readonly type: 'standardize'; readonly mean: readonly number[]; readonly std: readonly number[] }
  | { readonly type: 'pixels'; readonly shape: readonly [number, number, number] };
