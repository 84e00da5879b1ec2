import * as core from '@actions/core';
import { containsSecret } from './secrets.js';

/**
 * Sets a step output. Single-line outputs refuse a newline: a value that
 * silently grows a second line breaks every `if:` and expression that reads
 * it. Outputs never carry a registered secret.
 */
export function setOutput(name: string, value: string | number | boolean, options: { multiline?: boolean } = {}): void {
  const text = String(value);
  if (!options.multiline && /[\r\n]/.test(text)) {
    throw new Error(`output '${name}' must be a single line; the value has a line break`);
  }
  if (containsSecret(text)) throw new Error(`output '${name}' would contain a secret; refusing to set it`);
  core.setOutput(name, text);
}

/** A list output: one item per line. */
export function setListOutput(name: string, items: readonly string[]): void {
  for (const item of items) {
    if (/[\r\n]/.test(item)) throw new Error(`output '${name}': an item has a line break`);
  }
  setOutput(name, items.join('\n'), { multiline: true });
}
