// Entry point of the `crossbar` CLI: picks the command, parses its flags and maps failures to exit codes.
import { parseArgs } from 'node:util';
import { COMMON_FLAGS, type Command, type CommandIo, type FlagSpec, type ParsedArgs } from './command';
import { mvmCommand } from './commands/mvm';
import { runCommand } from './commands/run';
import { serveCommand } from './commands/serve';
import { sweepCommand } from './commands/sweep';
import { runsCommand } from './commands/runs';
import { showCommand } from './commands/show';
import { exportCommand } from './commands/export';
import { cacheCommand } from './commands/cache';
import { EXIT_FAILED, EXIT_INVALID, UsageError } from './usage';
import { describeFailure, isInvalidRequest } from './failures';

const COMMANDS: Record<string, Command> = {
  run: runCommand as unknown as Command,
  mvm: mvmCommand as unknown as Command,
  serve: serveCommand as unknown as Command,
  sweep: sweepCommand as unknown as Command,
  runs: runsCommand as unknown as Command,
  show: showCommand as unknown as Command,
  export: exportCommand as unknown as Command,
  cache: cacheCommand as unknown as Command,
};

export async function main(argv: string[], io: CommandIo = process): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(overview());
    return name ? 0 : EXIT_INVALID;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`crossbar: unknown command "${name}"\n\n${overview()}`);
    return EXIT_INVALID;
  }
  try {
    const args = parseCommandArgs(command, rest);
    if (args.values.help) {
      io.stdout.write(`${command.usage}\n`);
      return 0;
    }
    return await command.execute(args, io);
  } catch (error) {
    io.stderr.write(`crossbar ${name}: ${describeFailure(error)}\n`);
    return error instanceof UsageError || isInvalidRequest(error) ? EXIT_INVALID : EXIT_FAILED;
  }
}

function parseCommandArgs(command: Command, argv: string[]): ParsedArgs<FlagSpec> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...COMMON_FLAGS, ...command.flags },
      allowPositionals: command.positionals ?? false,
      strict: true,
    });
    return { values: values as ParsedArgs<FlagSpec>['values'], positionals };
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${command.usage}`);
  }
}

function overview(): string {
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(8)} ${command.summary}`);
  return `usage: crossbar <command> [flags]   (crossbar <command> --help for its flags)\n\n${lines.join('\n')}\n`;
}
