/**
 * Names accepted by the trainers' options, in a module without TF.js so the
 * command line can list them without loading TF.js.
 */

export type GanLossName = 'non-saturating' | 'minimax' | 'wasserstein-gp' | 'hinge' | 'least-squares';
export const GAN_LOSS_NAMES: readonly GanLossName[] = ['non-saturating', 'minimax', 'wasserstein-gp', 'hinge', 'least-squares'];

export type ModelKind = 'gan' | 'mmd';
export const MODEL_KINDS: readonly ModelKind[] = ['gan', 'mmd'];

export type Architecture = 'mlp' | 'dcgan';
export const ARCHITECTURES: readonly Architecture[] = ['mlp', 'dcgan'];
