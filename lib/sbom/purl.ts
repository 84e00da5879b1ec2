/** The parts of a package URL (https://github.com/package-url/purl-spec) this project reads. */
export interface PackageUrl {
  /** Lower-cased: npm, deb, apk, cargo, pypi, maven, golang, … */
  readonly type: string;
  readonly namespace?: string;
  readonly name: string;
  readonly version?: string;
}

const TYPE = /^[a-z][a-z0-9.+-]*$/;

/** Parses `pkg:type/namespace/name@version?qualifiers#subpath`; undefined when the text is not a package URL. */
export function parsePackageUrl(text: string): PackageUrl | undefined {
  if (!text.toLowerCase().startsWith('pkg:')) return undefined;
  let rest = text.slice(4).replace(/^\/+/, '');
  rest = rest.split('#')[0]!.split('?')[0]!;
  const slash = rest.indexOf('/');
  if (slash <= 0) return undefined;
  const type = rest.slice(0, slash).toLowerCase();
  if (!TYPE.test(type)) return undefined;
  let path = rest.slice(slash + 1).replace(/\/+$/, '');
  let version: string | undefined;
  const at = path.lastIndexOf('@');
  if (at > 0 && !path.slice(at).includes('/')) {
    version = decode(path.slice(at + 1));
    path = path.slice(0, at);
  }
  const segments = path.split('/').filter((s) => s !== '');
  const name = segments.pop();
  if (!name) return undefined;
  return {
    type,
    ...(segments.length ? { namespace: segments.map(decode).join('/') } : {}),
    name: decode(name),
    ...(version ? { version } : {}),
  };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
