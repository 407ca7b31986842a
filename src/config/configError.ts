/** A config file that cannot be used: names the file, the line and column, the key and what was expected. */
export class ConfigError extends Error {
  readonly file: string;
  readonly problems: readonly ConfigProblem[];

  constructor(file: string, problems: readonly ConfigProblem[]) {
    super(
      `invalid config ${file}:\n` +
        problems.map((p) => `  ${file}:${p.line}:${p.column}: ${p.key || '(top level)'}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.file = file;
    this.problems = problems;
  }
}

export interface ConfigProblem {
  /** Dotted path of the key, e.g. monitors[0].window.size. */
  key: string;
  line: number;
  column: number;
  message: string;
}
