import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { fileFormatOf } from '../consumers/fileEvents/fileFormat.ts';
import { FileRecordError } from '../consumers/fileEvents/fileRecordError.ts';
import { UsageError } from './usageError.ts';

/** Options whose value is a file driftwatch reads, by their property name on the parsed options. */
const inputFileOptions: Record<string, string> = { config: '--config', events: '--events', labels: '--labels' };
/** Input options whose file is read by its extension's format (JSONL, CSV, Parquet). */
const eventFileOptions = new Set(['events', 'labels']);
/** Options whose value is a file driftwatch writes: their folder must exist. Commands whose --out is a folder they make are left out. */
const outputFileOptions: Record<string, string> = { out: '--out', report: '--report' };
const commandsWritingFiles = new Set(['replay']);

/**
 * Checks, before a command runs, that every file it was given can be read (and that the folder of every file it
 * will write exists), so a wrong path is named with its option: `--events: no such file: x.jsonl`.
 */
export async function checkFileOptions(command: Command): Promise<void> {
  const options = command.opts() as Record<string, unknown>;
  for (const [key, flag] of Object.entries(inputFileOptions)) {
    if (typeof options[key] !== 'string') continue;
    await requireReadableFile(flag, options[key]);
    if (eventFileOptions.has(key)) requireKnownFormat(flag, options[key]);
  }
  for (const argument of command.registeredArguments.map((a, i) => [a, command.processedArgs[i] as unknown] as const)) {
    if (argument[0].name() === 'file' && typeof argument[1] === 'string') await requireReadableFile(`${command.name()} <file>`, argument[1]);
  }
  if (!commandsWritingFiles.has(command.name())) return;
  for (const [key, flag] of Object.entries(outputFileOptions)) {
    if (typeof options[key] === 'string') await requireFolderOf(flag, options[key]);
  }
}

async function requireReadableFile(flag: string, path: string): Promise<void> {
  let isFile: boolean;
  try {
    isFile = (await stat(path)).isFile();
    if (isFile) await access(path, constants.R_OK);
  } catch (error) {
    throw new UsageError(`${flag}: ${describeFailure(error as NodeJS.ErrnoException, 'file')}: ${path}`);
  }
  if (!isFile) throw new UsageError(`${flag}: not a file: ${path}`);
}

function requireKnownFormat(flag: string, path: string): void {
  try {
    fileFormatOf(path);
  } catch (error) {
    if (error instanceof FileRecordError) throw new UsageError(`${flag}: ${error.message}`);
    throw error;
  }
}

async function requireFolderOf(flag: string, path: string): Promise<void> {
  const folder = dirname(path);
  let isFolder: boolean;
  try {
    isFolder = (await stat(folder)).isDirectory();
  } catch (error) {
    throw new UsageError(`${flag}: ${describeFailure(error as NodeJS.ErrnoException, 'folder')}: ${folder} (for ${path})`);
  }
  if (!isFolder) throw new UsageError(`${flag}: not a folder: ${folder} (for ${path})`);
}

function describeFailure(error: NodeJS.ErrnoException, what: 'file' | 'folder'): string {
  if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return `no such ${what}`;
  if (error.code === 'EACCES' || error.code === 'EPERM') return `permission denied`;
  return `cannot read (${error.code ?? error.message})`;
}
