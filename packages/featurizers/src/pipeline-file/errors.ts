import { IcepickleError, type IcepickleErrorCode } from '@icepickle/core';

/** Where in a pipeline file a step lives, for messages: `step 'tfidf' (TfidfVectorizer)`. */
export interface StepRef {
  /** The step's name, with its union's name before it (`union/words`). */
  path: string;
  className: string;
  /** Its group in the file (`/steps/0`). */
  group: string;
}

export function stepLabel(ref: StepRef): string {
  return `step '${ref.path}' (${ref.className})`;
}

/** A load error naming the step and, when there is one, the dataset or attribute. */
export function stepError(
  code: IcepickleErrorCode,
  file: string,
  ref: StepRef,
  detail: string,
  object?: string,
  cause?: unknown,
): IcepickleError {
  return new IcepickleError(code, {
    scope: 'loadPipeline',
    file,
    object: object ?? ref.group,
    detail: `${stepLabel(ref)}: ${detail}`,
    cause,
  });
}

export function fileError(code: IcepickleErrorCode, file: string, detail: string, cause?: unknown): IcepickleError {
  return new IcepickleError(code, { scope: 'loadPipeline', file, object: '/', detail, cause });
}

export function saveError(code: IcepickleErrorCode, detail: string, cause?: unknown): IcepickleError {
  return new IcepickleError(code, { scope: 'savePipeline', detail, cause });
}
