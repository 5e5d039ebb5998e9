export {
  type Progress,
  type OnProgress,
  type ProgressOptions,
  ProgressTracker,
  progressTracker,
  PROGRESS_STEPS,
} from './progress.js';
