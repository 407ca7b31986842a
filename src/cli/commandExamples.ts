import type { Command } from 'commander';

/** One example per command, shown at the end of its --help and listed in `driftwatch --help`. */
export const commandExamples: Record<string, readonly string[]> = {
  serve: ['driftwatch serve --config driftwatch.yaml'],
  replay: ['driftwatch replay --config driftwatch.yaml --events events.jsonl --labels labels.jsonl --out results.jsonl'],
  publish: ['driftwatch publish --config driftwatch.yaml --events events.csv --labels labels.jsonl --rate 2000'],
  tail: ['driftwatch tail --config driftwatch.yaml alerts --from-beginning --model credit-risk --pretty'],
  'validate-config': ['driftwatch validate-config driftwatch.yaml'],
  'schemas register': ['driftwatch schemas register --config driftwatch.yaml'],
  'topics create': ['driftwatch topics create --config driftwatch.yaml'],
  demo: ['driftwatch demo --out ./driftwatch-demo'],
  notify: ['driftwatch notify --config driftwatch.yaml'],
  'alerts test': ['driftwatch alerts test --config driftwatch.yaml --receiver slack'],
};

/** The commands that run something (leaves of the command tree), named as typed: "schemas register". */
export function leafCommands(program: Command): { path: string; command: Command }[] {
  const out: { path: string; command: Command }[] = [];
  const walk = (command: Command, prefix: string) => {
    for (const sub of command.commands) {
      const path = prefix ? `${prefix} ${sub.name()}` : sub.name();
      if (sub.commands.length > 0) walk(sub, path);
      else out.push({ path, command: sub });
    }
  };
  walk(program, '');
  return out;
}

/** Adds each command's examples after its help, and every example after the program's help. */
export function addExamples(program: Command): void {
  const lines: string[] = [];
  for (const { path, command } of leafCommands(program)) {
    const examples = commandExamples[path];
    if (!examples) continue;
    command.addHelpText('after', `\nExample:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n`);
    lines.push(...examples.map((e) => `  $ ${e}`));
  }
  program.addHelpText('after', `\nExamples:\n${lines.join('\n')}\n\nExit codes: 0 ok, 1 runtime failure, 2 usage or config error.\n`);
}
