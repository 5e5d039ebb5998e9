/**
 * `@icepickle/core/backend-kit`: helpers for authors of storage backends, kept out of the main entry
 * (users of models never need them). They implement the contract of storage/types.ts the same way in
 * every backend: listing rules and path normalisation, selection planning, streamed-block checks.
 *
 * @module @icepickle/core/backend-kit
 */
export { planSelection, type SelectionPlan } from './storage/selection.js';
export { checkStreamedBlock } from './storage/block.js';
export { ListingRules, normalisePath, typedArrayConstructor, DECODABLE_FILTERS } from './storage/read-rules.js';
export { type TempWriter, staleTempFiles, tempFileName, tempFileWriter } from './storage/temp-names.js';
