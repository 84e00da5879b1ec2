import { OperationError } from '../runtime/errors.js';

/*
 * A walker over the bytes of a JSON document: it finds where each member of
 * an object and each element of an array starts and ends, without building
 * the values. Large reports are read this way and only the parts that
 * matter are parsed, one element at a time, so a 150 MB report never exists
 * as one object graph. Strings are skipped with Buffer.indexOf, which is
 * where most of the bytes are.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function invalid(at: number): never {
  throw new OperationError(`the report is not valid JSON (at byte ${at})`);
}

export function skipWhitespace(buf: Buffer, i: number): number {
  while (i < buf.length) {
    const c = buf[i]!;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

/** Index just after the string whose opening quote is at `i`. */
function skipString(buf: Buffer, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = buf.indexOf(QUOTE, j);
    if (q < 0) invalid(i);
    let backslashes = 0;
    for (let k = q - 1; k > i && buf[k] === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** Index just after the value that starts at `i` (after any white space). */
export function skipValue(buf: Buffer, i: number): number {
  i = skipWhitespace(buf, i);
  const c = buf[i];
  if (c === QUOTE) return skipString(buf, i);
  if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
    let depth = 0;
    for (let j = i; j < buf.length; j++) {
      const b = buf[j]!;
      if (b === QUOTE) j = skipString(buf, j) - 1;
      else if (b === OPEN_OBJECT || b === OPEN_ARRAY) depth++;
      else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
        if (--depth === 0) return j + 1;
      }
    }
    invalid(i);
  }
  let j = i;
  while (j < buf.length) {
    const b = buf[j]!;
    if (b === COMMA || b === CLOSE_OBJECT || b === CLOSE_ARRAY || b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)
      break;
    j++;
  }
  if (j === i) invalid(i);
  return j;
}

export function parseRange(buf: Buffer, start: number, end: number): unknown {
  try {
    return JSON.parse(buf.toString('utf8', start, end));
  } catch {
    return invalid(start);
  }
}

/**
 * Walks the object starting at `start`, calling `visit` with each member's
 * key and the start of its value. A visitor that reads the value itself
 * returns where it ends; otherwise the value is skipped. Returns the index
 * just after the object, so every byte is walked once.
 */
export function forEachMember(
  buf: Buffer,
  start: number,
  visit: (key: string, valueStart: number) => number | undefined,
): number {
  let i = skipWhitespace(buf, start);
  if (buf[i] !== OPEN_OBJECT) invalid(i);
  i = skipWhitespace(buf, i + 1);
  if (buf[i] === CLOSE_OBJECT) return i + 1;
  for (;;) {
    i = skipWhitespace(buf, i);
    if (buf[i] !== QUOTE) invalid(i);
    const keyEnd = skipString(buf, i);
    const key = parseRange(buf, i, keyEnd) as string;
    i = skipWhitespace(buf, keyEnd);
    if (buf[i] !== COLON) invalid(i);
    const valueStart = skipWhitespace(buf, i + 1);
    const valueEnd = visit(key, valueStart) ?? skipValue(buf, valueStart);
    i = skipWhitespace(buf, valueEnd);
    if (buf[i] === COMMA) {
      i++;
      continue;
    }
    if (buf[i] === CLOSE_OBJECT) return i + 1;
    invalid(i);
  }
}

/** Like forEachMember, for the elements of the array starting at `start`. */
export function forEachElement(
  buf: Buffer,
  start: number,
  visit: (elementStart: number) => number | undefined,
): number {
  let i = skipWhitespace(buf, start);
  if (buf[i] !== OPEN_ARRAY) invalid(i);
  i = skipWhitespace(buf, i + 1);
  if (buf[i] === CLOSE_ARRAY) return i + 1;
  for (;;) {
    const elementStart = skipWhitespace(buf, i);
    const elementEnd = visit(elementStart) ?? skipValue(buf, elementStart);
    i = skipWhitespace(buf, elementEnd);
    if (buf[i] === COMMA) {
      i++;
      continue;
    }
    if (buf[i] === CLOSE_ARRAY) return i + 1;
    invalid(i);
  }
}

/** The elements of an array found by a walk, parsed one at a time as they are iterated. */
export class LazyArray implements Iterable<unknown> {
  private readonly ranges: number[] = [];

  constructor(private readonly buf: Buffer) {}

  /** Records the element at `start` and returns where it ends. */
  add(start: number): number {
    const end = skipValue(this.buf, start);
    this.ranges.push(start, end);
    return end;
  }

  *[Symbol.iterator](): Iterator<unknown> {
    for (let i = 0; i < this.ranges.length; i += 2) yield parseRange(this.buf, this.ranges[i]!, this.ranges[i + 1]!);
  }
}
