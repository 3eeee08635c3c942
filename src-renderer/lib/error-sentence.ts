// An API failure (its code and message) as the sentences a person reads where it happened: no code, no method
// prefix, no Node error codes or folders of temporary files, every field named by its form label. The code and
// the message as the backend wrote it stay beside it, one click away, for a bug report.
import { API_METHODS } from '../../src-shared/api/api';
import { hardwareForm } from '../../src-shared/config/form-fields';

export interface FailureText {
  /** The backend's code ("invalid-request"); absent for an error raised in the page. */
  code?: string | null;
  message: string;
}

export interface ToldError {
  sentence: string;
  code: string | null;
  /** The message as the backend wrote it. */
  detail: string;
}

/** Request parameters and sweep-spec fields, by the names the forms give them. */
const REQUEST_LABELS: Record<string, string> = {
  name: 'Name',
  projectId: 'Project',
  modelId: 'Model',
  datasetId: 'Dataset',
  config: 'Hardware config',
  images: 'Images',
  'images.count': 'Images',
  'images.sample': 'Sample',
  'images.seed': 'Seed',
  trials: 'Trials',
  calibrationImages: 'Calibration images',
  'calibration.count': 'Calibration images',
  'calibration.seed': 'Calibration seed',
  statisticsImages: 'Statistics images',
  sample: 'Sample',
  seed: 'Seed',
  root: 'Image folder',
  labelsFile: 'Labels file',
  layout: 'Layout',
  path: 'Path',
  confirmName: 'Project name',
  spec: 'Sweep spec',
  base: 'Base config',
  axes: 'Sweep axes',
  runId: 'Run',
  runIds: 'Runs',
  sweepId: 'Sweep',
  jobId: 'Job',
  configId: 'Saved config',
  parameter: 'Parameter',
};

/** Node's system error codes, as what they mean. */
const SYSTEM_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'it is not a folder',
  EEXIST: 'it exists already',
  ENOSPC: 'the disk is full',
  EMFILE: 'too many files are open',
  ECONNREFUSED: 'the connection was refused',
};

const UNEXPECTED =
  'Something went wrong that Crossbar Studio did not expect. The details below say what, for a bug report.';

export function errorSentence(failure: FailureText): ToldError {
  const code = failure.code ?? null;
  return { sentence: sentenceFor(code, failure.message.trim()), code, detail: failure.message };
}

function sentenceFor(code: string | null, message: string): string {
  const method = API_METHODS.find((name) => message.startsWith(`${name}: `));
  const text = method ? message.slice(method.length + 2) : message;
  if (code === 'unknown-method') {
    return 'This page asked the server for something it does not offer: reload the page (the server may be another version).';
  }
  if (code === 'worker-lost') {
    return 'The worker running this job stopped unexpectedly. Run it again; if it happens again, report it with the details below.';
  }
  if (code === 'internal') return internalSentence(text);
  const refusal = /^(\d{3}): (.*)$/s.exec(text);
  if (code === 'invalid-request' && !method && refusal) {
    return `The server refused the request (${refusal[1]} ${refusal[2]}). Reload the page from the address crossbar serve printed.`;
  }
  // The dispatcher joins a request's problems with "; ", a config error puts one per line.
  const lines = method && code === 'invalid-request' ? text.split('; ') : text.split('\n');
  const fields = code === 'invalid-request' || code === 'invalid-config';
  return joinLines(lines.map((line) => (fields ? fieldIssue(line) : null) ?? plainLine(line)));
}

function internalSentence(text: string): string {
  if (text.startsWith('the server cannot be reached')) {
    return 'The server cannot be reached: is crossbar serve still running? Reload the page once it is.';
  }
  const system = /^(E[A-Z]+): [^,]*, (\w+) '([^']+)'/.exec(text);
  if (system && SYSTEM_ERRORS[system[1]]) {
    return `Crossbar Studio could not ${verbOf(system[2])} “${baseName(system[3])}”: ${SYSTEM_ERRORS[system[1]]}.`;
  }
  return UNEXPECTED;
}

function verbOf(syscall: string): string {
  const verbs: Record<string, string> = {
    open: 'open',
    scandir: 'read the folder',
    stat: 'find',
    lstat: 'find',
    mkdir: 'create the folder',
    unlink: 'remove',
    rename: 'move',
    copyfile: 'copy',
  };
  return verbs[syscall] ?? 'use';
}

/** "adc.bits must be an integer 0..16, got 40" → "ADC bits: must be an integer 0..16, got 40". */
function fieldIssue(line: string): string | null {
  const match = /^([A-Za-z]\w*(?:\.\w+)*):? (.+)$/s.exec(line);
  const label = match && labelOf(match[1]);
  if (!match || !label) return null;
  // An empty value says nothing the field's message does not ("Name: must not be empty").
  const rest = match[2].replace(/, got (""|null|\[\]|\{\})$/, '');
  return finished(`${label}: ${readable(rest)}`);
}

function plainLine(line: string): string {
  const text = readable(line.replace(/^\(root\) /, ''));
  const headline = /^invalid (.+):$/.exec(text);
  if (headline) return `The ${headline[1]} is not valid.`;
  return text.endsWith(':') ? capitalized(text) : finished(text);
}

function joinLines(lines: string[]): string {
  return lines.filter((line) => line !== '').join(' ');
}

/** Folders shortened to their last name, system error codes said in words. */
function readable(text: string): string {
  return text
    .replace(
      /(^|[\s(=])(['"“]?)((?:[A-Za-z]:\\|\/)[^\s'"”]*[^\s'"”:,.;)])(['"”]?)/g,
      (_, lead: string, open: string, path: string, close: string) =>
        `${lead}“${baseName(path)}”${open ? '' : close}`,
    )
    .replace(/\b(E[A-Z]{3,})\b/g, (code: string) => SYSTEM_ERRORS[code] ?? code);
}

function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function finished(text: string): string {
  const sentence = capitalized(text.trim());
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

let hardwareLabels: Map<string, string> | undefined;

/** A field's form label: the request's own names, else the hardware form's (with its section when ambiguous). */
function labelOf(path: string): string | null {
  hardwareLabels ??= formLabels();
  // A list index names an item of the field before it ("adc.limits.0", "axes.1.values").
  const keys = path.split('.');
  const index = keys.findIndex((key) => /^\d+$/.test(key));
  const field = (index < 0 ? keys : keys.slice(0, index)).join('.');
  return REQUEST_LABELS[field] ?? hardwareLabels.get(field) ?? null;
}

function formLabels(): Map<string, string> {
  const fields = hardwareForm().flatMap((group) => group.fields.map((field) => ({ ...field, group })));
  const count = (label: string) => fields.filter((field) => field.label === label).length;
  return new Map(
    fields.map((field) => [
      field.path,
      count(field.label) === 1 ? field.label : `${field.section ?? field.group.title} ${field.label}`,
    ]),
  );
}
