/** Help text, generated from the command table so flags and help never disagree. */
import type { OptionSpec } from './args.js';
import { COMMANDS, SHARED_OPTIONS, type CommandSpec } from './commands.js';

function optionLines(options: readonly OptionSpec[]): string[] {
  const left = options.map((o) => `  --${o.name}${o.value ? ` ${o.value}` : ''}`);
  const width = Math.max(...left.map((l) => l.length)) + 2;
  return options.map((o, i) => {
    const env = o.env && o.kind !== 'flag' ? ` [env ${o.env}]` : '';
    return `${(left[i] ?? '').padEnd(width)}${o.help}${o.required ? ' (required)' : ''}${env}`;
  });
}

/** `nexwave --help`: every command and the shared options. */
export function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 4;
  return [
    'nexwave: terminal trading console for Pacifica perpetual futures',
    '',
    'Usage: nexwave [command] [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Options for every command:',
    ...optionLines(SHARED_OPTIONS),
    '  -h, --help  help for a command (nexwave <command> --help or nexwave --help <command>)',
    '  -v, --version  print the version',
    '',
    'Settings come from .env, the environment and these flags (flags win); see .env.example.',
    '',
  ].join('\n');
}

/** `nexwave <command> --help`. */
export function commandHelp(spec: CommandSpec): string {
  return [
    `Usage: nexwave ${spec.synopsis} [options]`,
    '',
    `${spec.summary}.`,
    '',
    ...(spec.options.length > 0 ? ['Options:', ...optionLines(spec.options), ''] : []),
    'Options for every command:',
    ...optionLines(SHARED_OPTIONS),
    '',
  ].join('\n');
}
