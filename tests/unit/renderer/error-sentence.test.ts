// API failures as the sentences the UI shows: no code, method prefix, system error code or temporary folder.
import { describe, expect, it } from 'vitest';
import { errorSentence } from '../../../src-renderer/lib/error-sentence';

const sentence = (code: string | null, message: string) => errorSentence({ code, message }).sentence;

describe('errorSentence', () => {
  it('names a refused parameter by its label, without the method or an empty value', () => {
    expect(sentence('invalid-request', 'projects.rename: name must not be empty, got ""')).toBe(
      'Name: must not be empty.',
    );
    expect(
      sentence(
        'invalid-request',
        'runs.queue: trials must be an integer 1..1000, got -2; images must be an integer 1..10000000, got 0',
      ),
    ).toBe('Trials: must be an integer 1..1000, got -2. Images: must be an integer 1..10000000, got 0.');
    expect(sentence('invalid-request', 'images: 5000 asked for, the dataset has 1000')).toBe(
      'Images: 5000 asked for, the dataset has 1000.',
    );
  });

  it('keeps the code and the message as the backend wrote them for the details', () => {
    const told = errorSentence({
      code: 'invalid-request',
      message: 'projects.create: name must not be empty',
    });
    expect(told).toEqual({
      sentence: 'Name: must not be empty.',
      code: 'invalid-request',
      detail: 'projects.create: name must not be empty',
    });
    expect(errorSentence({ message: 'boom' }).code).toBeNull();
  });

  it('turns a config error into a headline and one sentence per field, with hardware labels', () => {
    expect(
      sentence('invalid-config', 'invalid hardware config:\nadc.bits must be an integer 0..16, got 40'),
    ).toBe('The hardware config is not valid. ADC bits: must be an integer 0..16, got 40.');
    // An ambiguous label takes its section; a list index names the field it belongs to.
    expect(
      sentence(
        'invalid-config',
        'invalid sweep spec:\ndevice.programmingError.alpha must be a number in [0, 10], got 20\n' +
          'adc.limits.0 must be [min, max]\nimages.count must be an integer 1..10000000, got 0',
      ),
    ).toBe(
      'The sweep spec is not valid. Programming error α: must be a number in [0, 10], got 20. ' +
        'ADC limits: must be [min, max]. Images: must be an integer 1..10000000, got 0.',
    );
  });

  it('says system error codes in words and shortens folders to their last name', () => {
    expect(sentence('invalid-model', 'cannot read model /tmp/cb-chk-7b17zY/nope.onnx: ENOENT')).toBe(
      'Cannot read model “nope.onnx”: no such file or folder.',
    );
    expect(sentence('invalid-dataset', 'dataset folder not found: /tmp/cb-x/images')).toBe(
      'Dataset folder not found: “images”.',
    );
    expect(
      sentence('internal', "ENOENT: no such file or directory, open '/tmp/cb-e2e-x/uploads/1234.part'"),
    ).toBe('Crossbar Studio could not open “1234.part”: no such file or folder.');
  });

  it('leaves an unexpected failure to the details, with no code in the sentence', () => {
    const told = sentence('internal', "Cannot read properties of undefined (reading 'layers')");
    expect(told).toMatch(/^Something went wrong that Crossbar Studio did not expect\./);
    expect(told).not.toMatch(/internal|layers/);
    expect(sentence('internal', 'the server cannot be reached (TypeError: Failed to fetch)')).toMatch(
      /^The server cannot be reached/,
    );
    expect(sentence('worker-lost', 'the simulation worker exited (code 1)')).toMatch(
      /^The worker running this job stopped unexpectedly\./,
    );
  });

  it('writes other refusals as sentences of their own', () => {
    expect(sentence('conflict', 'a project named "Lab" already exists')).toBe(
      'A project named "Lab" already exists.',
    );
    expect(sentence('not-found', 'there is no run 01ABC')).toBe('There is no run 01ABC.');
    expect(sentence('invalid-state', 'run 01ABC is running; cancel its job first')).toBe(
      'Run 01ABC is running; cancel its job first.',
    );
    // A message that starts with a word that is also a field is not taken for a field outside a request's issues.
    expect(sentence('invalid-model', 'name of the output is missing')).toBe('Name of the output is missing.');
    expect(sentence('invalid-request', '403: forbidden')).toMatch(/^The server refused the request \(403/);
    expect(sentence('invalid-request', 'projects.create: (root) give one of path and uploadId')).toBe(
      'Give one of path and uploadId.',
    );
  });
});
