// The shape of one CLI command: its flags (node:util parseArgs), help text and the work it does.
import type { ParseArgsConfig } from 'node:util';

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandIo {
  /** Where results go: exactly one JSON object with --json. */
  stdout: NodeJS.WriteStream;
  /** Where progress and human messages go. */
  stderr: NodeJS.WriteStream;
}

export interface Command<F extends FlagSpec = FlagSpec> {
  summary: string;
  usage: string;
  flags: F;
  /** Whether the command takes positional arguments (e.g. a spec file). */
  positionals?: boolean;
  execute(args: ParsedArgs<F>, io: CommandIo): Promise<number>;
}

/** Flags every command takes (docs/cli.md). */
export const COMMON_FLAGS = {
  db: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies FlagSpec;

type FlagValues<F extends FlagSpec> = { [K in keyof F]?: F[K]['type'] extends 'boolean' ? boolean : string };

export interface ParsedArgs<F extends FlagSpec> {
  values: FlagValues<F> & FlagValues<typeof COMMON_FLAGS>;
  positionals: string[];
}

export function defineCommand<F extends FlagSpec>(command: Command<F>): Command<F> {
  return command;
}
