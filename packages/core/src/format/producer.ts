/** Recorded in every file we write. Kept in step with package.json by a test. */
export const PRODUCER = '@icepickle/core';
/** The version recorded as `producer_version` in files we write. */
export const PRODUCER_VERSION = '0.1.0';
