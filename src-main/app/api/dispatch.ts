// The single entry every transport calls: the method is looked up, its params validated against the shared
// schema, the handler run, and any failure turned into { code, message } — nothing unvalidated reaches app/.
import { API_REQUESTS, type ApiMethod, type ApiReply } from '../../../src-shared/api/api';
import { describeIssues } from '../../../src-shared/config/fields';
import { cacheMethods } from './cache-methods';
import type { AppContext } from './context';
import { datasetMethods } from './dataset-methods';
import { errorCode } from './errors';
import { hardwareMethods } from './hardware-methods';
import { jobMethods } from './job-methods';
import type { ApiHandler, ApiHandlers } from './methods';
import { modelMethods } from './model-methods';
import { projectMethods } from './project-methods';
import { resultMethods } from './result-methods';
import { runMethods } from './run-methods';
import { sweepMethods } from './sweep-methods';

const HANDLERS: ApiHandlers = {
  ...projectMethods,
  ...modelMethods,
  ...datasetMethods,
  ...hardwareMethods,
  ...sweepMethods,
  ...runMethods,
  ...jobMethods,
  ...resultMethods,
  ...cacheMethods,
};

export function isApiMethod(method: unknown): method is ApiMethod {
  return typeof method === 'string' && Object.hasOwn(API_REQUESTS, method);
}

export async function dispatch(context: AppContext, method: unknown, params: unknown): Promise<ApiReply> {
  if (!isApiMethod(method)) {
    return {
      ok: false,
      error: { code: 'unknown-method', message: `there is no API method ${JSON.stringify(method)}` },
    };
  }
  const parsed = API_REQUESTS[method].safeParse(params ?? {}, { reportInput: true });
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'invalid-request',
        message: `${method}: ${describeIssues(parsed.error).replaceAll('\n', '; ')}`,
      },
    };
  }
  try {
    const handler = HANDLERS[method] as ApiHandler<ApiMethod>;
    return { ok: true, result: await handler(parsed.data as never, context) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: errorCode(error), message } };
  }
}
