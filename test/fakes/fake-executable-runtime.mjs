// The body of every fake executable made by test/fakes/fake-executable.ts.
// The generated executable imports this file and calls runFake(config) with
// its configuration (plain JSON). It records the invocation, checks the argv
// against the configured cases and replays the first case that matches; when
// none matches it says why on stderr and exits 97.

import {
  appendFileSync,
  chmodSync,
  copyFileSync,
  createReadStream,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { setInterval } from 'node:timers';

export const MISMATCH_EXIT_CODE = 97;

export async function runFake(config) {
  const argv = process.argv.slice(2);
  const invocation = { argv, cwd: process.cwd(), env: pickEnv(config.recordEnv ?? []) };
  if (config.recordStdin) invocation.stdin = readStdin();

  const reasons = [];
  let chosen = -1;
  for (const [index, fakeCase] of config.cases.entries()) {
    const why = mismatch(fakeCase.expect, argv);
    if (why === undefined) {
      chosen = index;
      break;
    }
    reasons.push(config.cases.length > 1 ? `case ${index}: ${why}` : why);
  }

  if (chosen < 0) {
    const reason = reasons.join('; ');
    record(config, { ...invocation, rejected: reason, exitCode: MISMATCH_EXIT_CODE });
    process.stderr.write(`fake ${config.name}: unexpected argv ${JSON.stringify(argv)}: ${reason}\n`);
    process.exitCode = MISMATCH_EXIT_CODE;
    return;
  }

  const fakeCase = config.cases[chosen];
  const exitCode = fakeCase.exitCode ?? 0;
  record(config, { ...invocation, case: chosen, exitCode });

  for (const file of fakeCase.files ?? []) {
    const target = fileTarget(file, argv);
    if (target === undefined) {
      process.stderr.write(
        `fake ${config.name}: unexpected argv ${JSON.stringify(argv)}: no value for ${file.fromArg}\n`,
      );
      process.exitCode = MISMATCH_EXIT_CODE;
      return;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    if (file.copy !== undefined) copyFileSync(file.copy, target);
    else writeFileSync(target, file.content ?? '');
    if (file.mode !== undefined) chmodSync(target, file.mode);
  }
  await emit(process.stdout, fakeCase.stdout);
  await emit(process.stderr, fakeCase.stderr);
  if (fakeCase.hang) {
    // Until killed: for timeout tests.
    setInterval(() => undefined, 1 << 30);
    return;
  }
  process.exitCode = exitCode;
}

function record(config, entry) {
  appendFileSync(config.log, `${JSON.stringify(entry)}\n`);
}

function pickEnv(names) {
  const env = {};
  for (const name of names) if (process.env[name] !== undefined) env[name] = process.env[name];
  return env;
}

function readStdin() {
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return '';
  }
}

/** Why argv does not satisfy the rule, or undefined when it does. */
function mismatch(rule, argv) {
  if (rule === undefined) return undefined;
  if (rule.exact !== undefined) {
    const same = rule.exact.length === argv.length && rule.exact.every((a, i) => a === argv[i]);
    return same ? undefined : `expected exactly ${JSON.stringify(rule.exact)}`;
  }
  if (rule.startsWith !== undefined && !rule.startsWith.every((a, i) => argv[i] === a)) {
    return `expected it to start with ${JSON.stringify(rule.startsWith)}`;
  }
  for (const wanted of rule.includes ?? []) if (!argv.includes(wanted)) return `missing ${JSON.stringify(wanted)}`;
  for (const unwanted of rule.excludes ?? []) {
    if (argv.includes(unwanted) || argv.some((a) => a.startsWith(`${unwanted}=`)))
      return `must not contain ${JSON.stringify(unwanted)}`;
  }
  for (const [flag, expected] of Object.entries(rule.flags ?? {})) {
    const values = flagValues(argv, flag);
    if (values.length === 0 && !argv.includes(flag)) return `missing flag ${flag}`;
    if (expected !== true && !values.includes(expected))
      return `expected ${flag} ${JSON.stringify(expected)}, got ${JSON.stringify(values)}`;
  }
  for (const { source, flags } of rule.patterns ?? []) {
    const re = new RegExp(source, flags);
    if (!argv.some((a) => re.test(a))) return `no argument matches /${source}/${flags}`;
  }
  return undefined;
}

/** Values of `--flag value` and `--flag=value`, in order. */
function flagValues(argv, flag) {
  const values = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === flag && i + 1 < argv.length) values.push(argv[i + 1]);
    else if (arg.startsWith(`${flag}=`)) values.push(arg.slice(flag.length + 1));
  }
  return values;
}

function fileTarget(file, argv) {
  if (file.fromArg === undefined) return path.resolve(file.path);
  const values = flagValues(argv, file.fromArg);
  const prefix = file.valuePrefix ?? '';
  const suffix = file.valueSuffix ?? '';
  const value = values.find(
    (v) => v.startsWith(prefix) && v.endsWith(suffix) && v.length >= prefix.length + suffix.length,
  );
  if (value === undefined) return undefined;
  const target = path.resolve(value.slice(prefix.length, value.length - suffix.length));
  return file.inDir === undefined ? target : path.join(target, file.inDir);
}

async function emit(stream, what) {
  if (what === undefined) return;
  if (typeof what === 'string') {
    if (!stream.write(what)) await once(stream, 'drain');
    return;
  }
  for await (const chunk of createReadStream(what.file)) {
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
}
