/** Thread entry of a search worker on Node (started by `nodeHost.startSearchWorker`). */
import { parentPort } from 'node:worker_threads';
import { type SearchPort, serveSearchTasks } from '../model-selection/search-tasks.js';

serveSearchTasks(parentPort as unknown as SearchPort);
