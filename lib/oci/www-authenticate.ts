/** One challenge of a `WWW-Authenticate` header: the scheme and its parameters (names lower-cased). */
export interface AuthChallenge {
  /** `bearer` or `basic`, lower-cased. */
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Parses `WWW-Authenticate` (RFC 7235): one or more challenges, each a scheme
 * followed by comma-separated `name=value` or `name="quoted, value"` pairs,
 * such as `Bearer realm="https://auth.example/token",service="registry",scope="repository:a/b:pull"`.
 */
export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const challenges: { scheme: string; params: Record<string, string> }[] = [];
  let i = 0;
  const text = header.trim();
  const skipSpaces = (): void => {
    while (i < text.length && /[\s,]/.test(text[i]!)) i++;
  };
  while (i < text.length) {
    skipSpaces();
    const token = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+/.exec(text.slice(i));
    if (!token) break;
    const word = token[0];
    i += word.length;
    while (i < text.length && text[i] === ' ') i++;
    if (text[i] === '=') {
      // A parameter of the current challenge.
      i++;
      const value = readValue();
      const current = challenges[challenges.length - 1];
      if (current) current.params[word.toLowerCase()] = value;
    } else {
      challenges.push({ scheme: word.toLowerCase(), params: {} });
    }
  }
  return challenges;

  function readValue(): string {
    if (text[i] === '"') {
      let value = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i];
        i++;
      }
      i++;
      return value;
    }
    const match = /^[^,\s]*/.exec(text.slice(i))?.[0] ?? '';
    i += match.length;
    return match;
  }
}
