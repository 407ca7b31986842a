import { readFileSync } from 'node:fs';

/** The code block between `<!-- NAME:start -->` and `<!-- NAME:end -->` in the README, without its fences. */
export function readmeBlock(name: string): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const match = new RegExp(`<!-- ${name}:start -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\`\\n<!-- ${name}:end -->`).exec(readme);
  if (!match) throw new Error(`README.md has no code block marked ${name}`);
  return match[1];
}
