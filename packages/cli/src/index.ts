/**
 * `@icepickle/cli`: the `icepickle` command's functions, for running its commands in-process.
 *
 * @module @icepickle/cli
 */
export { main, mainHelp } from './main.js';
export { nodeIo, type CliIo } from './io.js';
export { auditFile, modelRules, type AuditReport } from './commands/audit.js';
export { describeFile, type InspectReport } from './commands/inspect.js';
export { chooseBackend, type BackendName } from './backend.js';
