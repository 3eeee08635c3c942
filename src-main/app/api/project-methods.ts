// Projects: create, list, rename, archive, and delete (which must be confirmed by repeating the name).
import { isJobActive } from '../../../src-shared/api/jobs';
import type { Store } from '../../store';
import { AppError } from '../app-error';
import { defineMethods } from './methods';
import { projectInfo } from './records';

export const projectMethods = defineMethods({
  'projects.list': ({ includeArchived }, { store }) =>
    store.projects.list({ includeArchived }).map(projectInfo),
  'projects.create': ({ name }, { store, publish }) => {
    if (store.projects.list({ includeArchived: true }).some((p) => p.name === name)) {
      throw new AppError('conflict', `a project named "${name}" already exists`);
    }
    const project = store.projects.create(name);
    publish({ type: 'changed', what: 'projects' });
    return projectInfo(project);
  },
  'projects.rename': ({ projectId, name }, { store, publish }) => {
    existing(store, projectId);
    const clash = store.projects.list({ includeArchived: true }).find((p) => p.name === name);
    if (clash && clash.id !== projectId)
      throw new AppError('conflict', `a project named "${name}" already exists`);
    const project = store.projects.rename(projectId, name);
    publish({ type: 'changed', what: 'projects' });
    return projectInfo(project);
  },
  'projects.archive': ({ projectId, archived }, { store, publish }) => {
    existing(store, projectId);
    const project = store.projects.archive(projectId, archived);
    publish({ type: 'changed', what: 'projects' });
    return projectInfo(project);
  },
  'projects.delete': ({ projectId, confirmName }, { store, jobs, publish }) => {
    const project = existing(store, projectId);
    if (confirmName !== project.name) {
      throw new AppError(
        'invalid-request',
        `deleting project "${project.name}" deletes all its runs and sweeps: confirmName must repeat its name`,
      );
    }
    const busy = jobs.list().find((job) => job.projectId === projectId && isJobActive(job.state));
    if (busy)
      throw new AppError(
        'invalid-state',
        `project "${project.name}" has a job in progress (${busy.id}); cancel it first`,
      );
    store.projects.delete(projectId);
    publish({ type: 'changed', what: 'projects' });
    return { deleted: true as const };
  },
});

export function existing(store: Store, projectId: number) {
  const project = store.projects.get(projectId);
  if (!project) throw new AppError('not-found', `there is no project ${projectId}`);
  return project;
}
