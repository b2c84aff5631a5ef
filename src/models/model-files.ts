/**
 * Networks on disk in the TF.js Layers format (`model.json` + `weights.bin`),
 * which `tf.loadLayersModel` reads and the `tensorflowjs_converter` tool
 * turns into a Keras model. Folders are written atomically: the files go to
 * a temporary sibling folder, which then replaces the target by rename.
 */
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import { tf } from '../backend.js';
import { InputFileError } from '../errors.js';

/** The `weightsManifest` entry that points at the one weights file. */
const WEIGHTS_FILE = 'weights.bin';

/**
 * Writes a folder by letting `fill` write into a fresh temporary sibling
 * folder, then renaming it over `folder`. A reader sees the old folder, or
 * (between two renames) `folder.old`, or the complete new one.
 */
export async function replaceFolderAtomically(folder: string, fill: (temporaryFolder: string) => Promise<void>): Promise<void> {
  const parent = dirname(folder);
  await mkdir(parent, { recursive: true });
  const temporary = join(parent, `.${basename(folder)}.tmp-${process.pid}`);
  const previous = `${folder}.old`;

  await rm(temporary, { recursive: true, force: true });
  await mkdir(temporary);
  await fill(temporary);

  await rm(previous, { recursive: true, force: true });
  if (await exists(folder)) await rename(folder, previous);
  await rename(temporary, folder);
  await rm(previous, { recursive: true, force: true });
}

/**
 * Returns `folder`, or `folder.old` when a crash between the two renames of
 * `replaceFolderAtomically` left only that, or `undefined` when neither exists.
 */
export async function existingFolder(folder: string): Promise<string | undefined> {
  if (await exists(folder)) return folder;
  if (await exists(`${folder}.old`)) return `${folder}.old`;
  return undefined;
}

/** Saves `model` to `folder` as model.json + weights.bin, replacing the folder atomically. */
export async function saveLayersModel(model: tf.LayersModel, folder: string): Promise<void> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (saved) => {
      artifacts = saved;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (artifacts === undefined) throw new Error('TF.js returned no model artifacts to save');
  const { modelTopology, weightSpecs, weightData } = artifacts;

  const modelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: null,
    modelTopology,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: weightSpecs ?? [] }],
  };
  const weights = weightData === undefined ? new Uint8Array(0) : new Uint8Array(tf.io.CompositeArrayBuffer.join(weightData));

  await replaceFolderAtomically(folder, async (temporary) => {
    await writeFile(join(temporary, 'model.json'), `${JSON.stringify(modelJson)}\n`);
    await writeFile(join(temporary, WEIGHTS_FILE), weights);
  });
}

/** Loads a model saved by `saveLayersModel` (or any single-file TF.js Layers model) from `folder`. */
export async function loadLayersModel(folder: string): Promise<tf.LayersModel> {
  const modelPath = join(folder, 'model.json');
  let modelJson: { modelTopology?: object; weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] };
  try {
    modelJson = JSON.parse(await readFile(modelPath, 'utf8'));
  } catch (error) {
    throw new InputFileError(`cannot read the model file ${modelPath}: ${(error as Error).message}. Pass the --out folder of a finished or checkpointed \`samplekit train\` run.`);
  }
  if (modelJson.modelTopology === undefined || !Array.isArray(modelJson.weightsManifest)) {
    throw new InputFileError(`${modelPath} is not a TF.js Layers model: it lacks modelTopology or weightsManifest`);
  }

  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const buffers: Uint8Array[] = [];
  for (const group of modelJson.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const path of group.paths) buffers.push(await readFile(join(folder, path)));
  }
  const weightData = concatenate(buffers);

  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs, weightData }));
}

function concatenate(buffers: Uint8Array[]): ArrayBuffer {
  const total = buffers.reduce((sum, b) => sum + b.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const buffer of buffers) {
    joined.set(buffer, offset);
    offset += buffer.byteLength;
  }
  return joined.buffer;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
