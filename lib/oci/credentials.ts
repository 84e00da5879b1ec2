/**
 * Credentials for one registry: a user name and password (or token used as a
 * password), or an identity token: an OAuth2 refresh token, as ACR and
 * `docker login` with an identity provider store it, exchanged at the
 * registry's token endpoint for access tokens.
 */
export type RegistryCredentials =
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | { readonly kind: 'identity-token'; readonly username?: string; readonly identityToken: string };

/** Where credentials came from, for messages (never the credentials themselves). */
export interface CredentialsSource {
  readonly credentials: RegistryCredentials;
  /** e.g. `the registry-username input`, `/home/runner/.docker/config.json`. */
  readonly origin: string;
}
