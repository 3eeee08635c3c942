// A new database opens on the bundled demo: a project with the demo model imported and its images registered, so
// the first screen a user sees can queue a run at once.
import type { ApiMethod, ApiParams, ApiResult } from '../../src-shared/api/api';
import { bundledDemo } from '../data/bundled-demo';
import type { AppHost } from './app-host';
import { AppError } from './app-error';
import { resourcesDir } from './paths';

export const DEMO_PROJECT_NAME = 'Fashion-MNIST demo';

/** Goes through the API, as a user's import would: the same checks, the same copies, the same events. */
export async function createDemoProject(app: AppHost): Promise<void> {
  const demo = bundledDemo(resourcesDir());
  const project = await succeeded(app, 'projects.create', { name: DEMO_PROJECT_NAME });
  await succeeded(app, 'models.import', { projectId: project.id, path: demo.modelFile });
  await succeeded(app, 'datasets.register', { projectId: project.id, root: demo.imagesDir });
}

async function succeeded<M extends ApiMethod>(
  app: AppHost,
  method: M,
  params: ApiParams<M>,
): Promise<ApiResult<M>> {
  const reply = await app.call(method, params);
  if (!reply.ok) throw new AppError(reply.error.code, `opening the demo project: ${reply.error.message}`);
  return reply.result as ApiResult<M>;
}
