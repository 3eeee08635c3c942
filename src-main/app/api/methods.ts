// The shape of the API's implementation: one function per method, typed by the shared contract.
import type { z } from 'zod';
import type { API_REQUESTS, ApiMethod, ApiResult } from '../../../src-shared/api/api';
import type { AppContext } from './context';

export type ApiHandler<M extends ApiMethod> = (
  params: z.output<(typeof API_REQUESTS)[M]>,
  context: AppContext,
) => ApiResult<M> | Promise<ApiResult<M>>;

export type ApiHandlers<K extends ApiMethod = ApiMethod> = { [M in K]: ApiHandler<M> };

/** Types a group of handlers against the contract (each gets its own method's params and result). */
export function defineMethods<K extends ApiMethod>(handlers: ApiHandlers<K>): ApiHandlers<K> {
  return handlers;
}
