/**
 * Data-set specifications as users type them: a built-in name with optional
 * parameters (`ring8`, `ring8:std=0.02,count=5000`) or a path to a file or
 * folder, which may carry parameters the same way (`digits/:size=28`).
 */
import { InvalidArgumentError } from '../errors.js';
import type { BitGenerator } from '../random/types.js';

export interface DatasetSpec {
  /** The name or path before the parameters. */
  readonly source: string;
  /** Parameters in the order given, as written. */
  readonly parameters: Readonly<Record<string, string>>;
}

const PARAMETER_LIST = /^[A-Za-z][A-Za-z0-9_-]*=[^,=]*(,[A-Za-z][A-Za-z0-9_-]*=[^,=]*)*$/;

/**
 * Splits `text` at its last colon when what follows is a `key=value` list.
 * Otherwise the whole text is the source, so paths containing colons still work.
 */
export function parseDatasetSpec(text: string): DatasetSpec {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new InvalidArgumentError('data', 'a built-in data-set name or a path', text);
  }

  const colon = text.lastIndexOf(':');
  const tail = colon >= 0 ? text.slice(colon + 1) : '';
  if (colon < 0 || !PARAMETER_LIST.test(tail)) return { source: text, parameters: {} };

  const parameters: Record<string, string> = {};
  for (const pair of tail.split(',')) {
    const [key, value] = pair.split('=');
    if (key in parameters) {
      throw new InvalidArgumentError('data', `a specification naming each parameter once ("${key}" appears twice)`, text);
    }
    parameters[key] = value;
  }
  return { source: text.slice(0, colon), parameters };
}

/** What every data-set constructor receives besides its parameters. */
export interface DatasetContext {
  readonly rng: BitGenerator;
  /** Share of rows kept out of training, already checked to lie in [0, 1). */
  readonly heldOutFraction: number;
  readonly onWarning?: (message: string) => void;
}

/** The documentation of one data-set parameter. */
export interface ParameterDoc {
  readonly name: string;
  readonly description: string;
  readonly default: string;
}

/**
 * Reads typed parameter values and rejects names the data set does not take,
 * so a typo such as `sdt=0.1` fails instead of being ignored.
 */
export class ParameterReader {
  constructor(
    private readonly dataset: string,
    private readonly parameters: Readonly<Record<string, string>>,
    private readonly accepted: readonly ParameterDoc[],
  ) {
    const names = accepted.map((doc) => doc.name);
    for (const key of Object.keys(parameters)) {
      if (!names.includes(key)) {
        const allowed = names.length === 0 ? 'no parameters' : `one of ${names.join(', ')}`;
        throw new InvalidArgumentError(`parameter "${key}" of data set ${dataset}`, allowed, `${key}=${parameters[key]}`);
      }
    }
  }

  /** Reads a number parameter, or returns `fallback` when absent. `check` validates the value and may throw. */
  number(name: string, fallback: number, check?: (label: string, value: number) => number): number {
    const text = this.parameters[name];
    if (text === undefined) return fallback;

    const value = text.trim() === '' ? NaN : Number(text);
    const label = `${this.dataset} parameter ${name}`;
    if (Number.isNaN(value)) throw new InvalidArgumentError(label, 'a number', text);
    return check === undefined ? value : check(label, value);
  }

  /** Reads a string parameter, or returns undefined when absent. */
  text(name: string): string | undefined {
    return this.parameters[name];
  }
}
