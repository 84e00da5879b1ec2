import { readFile, stat } from 'node:fs/promises';
import { OperationError } from '../runtime/errors.js';
import { parseSbom } from './parse-sbom.js';
import type { SbomDocument, SbomFormat } from './sbom-model.js';

/** An SBOM file the generator wrote, read back and parsed. */
export interface GeneratedSbom {
  readonly format: SbomFormat;
  readonly file: string;
  readonly doc: SbomDocument;
  readonly bytes: number;
}

/** Reads every SBOM the generator was asked for; a missing or unreadable one fails the step, naming the tool and file. */
export async function readGeneratedSboms(
  files: readonly { format: SbomFormat; file: string }[],
  tool: string,
): Promise<GeneratedSbom[]> {
  const parsed: GeneratedSbom[] = [];
  for (const { format, file } of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      throw new OperationError(`${tool} did not write the ${format} SBOM ${file}`);
    }
    try {
      parsed.push({ format, file, doc: parseSbom(text), bytes: (await stat(file)).size });
    } catch (error) {
      throw new OperationError(
        `${tool} wrote a ${format} SBOM that cannot be read (${file}): ${(error as Error).message}`,
      );
    }
  }
  return parsed;
}

/** The first SBOM in the order of preference, or the first one there is. */
export function pickSbom(parsed: readonly GeneratedSbom[], order: readonly SbomFormat[]): GeneratedSbom | undefined {
  for (const format of order) {
    const found = parsed.find((p) => p.format === format);
    if (found) return found;
  }
  return parsed[0];
}
