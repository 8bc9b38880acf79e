/// A kind of secret that ``SecretRedactor`` recognizes.
///
/// The raw value names the kind in the replacement text, so a redacted OpenAI key reads
/// `[REDACTED:openAIKey]`. Raw values are part of the persisted format (docs/REDACTION.md,
/// "Replacement"): rename a case only together with a note there.
public enum SecretKind: String, Sendable, CaseIterable, Hashable {
  /// An OpenAI API key: `sk-…`, `sk-proj-…`, `sk-svcacct-…`, `sk-admin-…`.
  case openAIKey
  /// An Anthropic API key: `sk-ant-…`.
  case anthropicKey
  /// A GitHub token: `ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_` or `github_pat_` followed by the
  /// random part.
  case githubToken
  /// A GitLab personal access token: `glpat-…`.
  case gitlabToken
  /// An AWS access key id: `AKIA` or `ASIA` followed by 16 upper-case letters and digits.
  case awsAccessKeyID
  /// An AWS secret access key, recognized by its name: `aws_secret_access_key = …`.
  case awsSecretAccessKey
  /// A Google API key: `AIza` followed by 35 characters.
  case googleAPIKey
  /// A Slack token: `xoxb-`, `xoxp-`, `xoxa-`, `xoxr-`, `xoxs-` or `xapp-` followed by the
  /// random part.
  case slackToken
  /// A Stripe secret or restricted key, live or test: `sk_live_`, `sk_test_`, `rk_live_`,
  /// `rk_test_`.
  case stripeKey
  /// A JSON Web Token: three or more base64url segments, the first starting `eyJ`.
  case jwt
  /// The credential after `Bearer` (or after another scheme in an `Authorization` header).
  case bearerToken
  /// The base64 credential after `Basic`, which decodes to `user:password`.
  case basicCredentials
  /// The password in `scheme://user:password@host`.
  case urlPassword
  /// A whole PEM private key block, from `-----BEGIN … PRIVATE KEY-----` to its `-----END …`
  /// line (or to the end of the input when the block is cut off).
  case privateKeyBlock
  /// The value assigned to a secret-looking name: `API_TOKEN=…`, `password: …`,
  /// `"client_secret": "…"`.
  case secretAssignment
}
