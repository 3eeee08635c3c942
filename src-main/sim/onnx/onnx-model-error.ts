// The error for a model the simulator cannot read or map; its message names the file (and the node, if one is at fault).
export class OnnxModelError extends Error {
  override readonly name = 'OnnxModelError';
  constructor(
    readonly file: string,
    message: string,
    readonly node?: string,
  ) {
    super(message);
  }
}
