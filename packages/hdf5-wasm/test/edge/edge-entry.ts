// Bundled by test/edge-runtime.test.ts and run inside Vercel's edge-runtime VM: loads a model through
// the package's default entry (the bundler's export conditions choose which one) and predicts.
import { CsrMatrix, SGDClassifier, loadCoefficients, saveCoefficients } from '@icepickle/core';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';

interface EdgeInput {
  wasmModule?: WebAssembly.Module;
  model: ArrayLike<number>;
  X: { indptr: ArrayLike<number>; indices: ArrayLike<number>; data: ArrayLike<number>; shape: [number, number] };
}

async function runEdge(input: EdgeInput): Promise<string> {
  const backend = (hdf5Wasm as (options?: object) => ReturnType<typeof hdf5Wasm>)(
    input.wasmModule ? { wasmModule: input.wasmModule } : undefined,
  );
  // typed arrays of this realm: instanceof checks do not see the host's Uint8Array
  const model = await loadCoefficients(
    new SGDClassifier({ loss: 'log_loss' }),
    new Uint8Array(Array.from(input.model)),
    { backend, label: 'pretrained.h5' },
  );
  const X = new CsrMatrix({
    indptr: Array.from(input.X.indptr),
    indices: Array.from(input.X.indices),
    data: Array.from(input.X.data),
    shape: input.X.shape,
  });
  const saved = await saveCoefficients(model, undefined, { backend, metadata: { written_in: 'edge-runtime' } });
  const reloaded = await loadCoefficients(new SGDClassifier({ loss: 'log_loss' }), saved, { backend });
  return JSON.stringify({
    nFeatures: model.nFeaturesIn_,
    classes: model.classes_,
    decision: model.decisionFunction(X),
    reloaded: reloaded.decisionFunction(X),
    savedBytes: saved.length,
  });
}

(globalThis as { runEdge?: typeof runEdge }).runEdge = runEdge;
