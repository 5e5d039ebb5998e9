/**
 * What a search worker does (its thread entry is the host's, e.g. `node/search-worker.ts`): rebuilds the
 * estimator from its registry name and parameters, keeps the folds, and runs `fitAndScore` for each task
 * it is sent.
 */
import { createEstimator } from '../estimators/registry.js';
import { FoldCache, type FitAndScoreOptions, fitAndScore } from './fit-and-score.js';
import { getScorer } from './scoring.js';
import type { SearchEstimator } from './scoring.js';
import {
  type DataMessage,
  type InitMessage,
  type TaskMessage,
  type WorkerReply,
  decodeInput,
  failureData,
} from './worker-protocol.js';

/** The worker's end of its channel to the pool (node:worker_threads' parentPort has these). */
export interface SearchPort {
  postMessage(message: WorkerReply): void;
  on(event: 'message', listener: (message: InitMessage | DataMessage | TaskMessage) => void): void;
}

/** Answers the pool's messages on `port` until the worker is terminated. */
export function serveSearchTasks(port: SearchPort): void {
  let base: SearchEstimator | undefined;
  let folds: FoldCache | undefined;
  let options: FitAndScoreOptions | undefined;
  let y: InitMessage['y'];
  let splits: InitMessage['splits'];
  const reply = (m: WorkerReply) => port.postMessage(m);

  port.on('message', (message) => {
    if (message.type === 'data') {
      folds = new FoldCache(decodeInput(message.X), y, splits);
      reply({ type: 'ready' });
      return;
    }
    if (message.type === 'init') {
      base = createEstimator(message.className, message.params) as unknown as SearchEstimator;
      ({ y, splits } = message);
      folds = new FoldCache(decodeInput(message.X), y, splits);
      options = {
        scorer: getScorer(message.scoring),
        returnTrainScore: message.returnTrainScore,
        errorScore: message.errorScore,
      };
      reply({ type: 'ready' });
      return;
    }
    const { candidate, fold, params } = message;
    fitAndScore(base!, params, candidate, fold, folds!.get(fold), options!).then(
      (r) => {
        const { estimator: _e, ...result } = r;
        reply({ type: 'result', result });
      },
      (error: unknown) => reply({ type: 'failed', candidate, fold, failure: failureData(error) }),
    );
  });
}
