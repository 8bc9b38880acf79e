/// What the redactor learned from the name of an assignment whose name looks secret
/// (docs/REDACTION.md, "Assignments").
struct SecretNameTraits: Equatable {
  /// The name is a password: it ends with the word `password`, `passwd`, `passphrase` or
  /// `pass` (`PASSWORD`, `DB_PASS`, `dbPassword`, `--password`). Short and numeric values
  /// count then; for other names they do not (`PASSWORD_MIN_LENGTH=8` survives).
  var isPassword = false
  /// The name ends with `Authorization` (or `Authorisation`), so the value may be
  /// `<scheme> <credential>`.
  var isAuthorization = false
  /// The name holds `secret_access_key` (in any case, with or without separators), so the
  /// value is an AWS secret access key.
  var isAWSSecretAccessKey = false
  /// The name has no lower-case letter (`MYSQL_ROOT_PASSWORD`, `API_SECRET`), as
  /// environment variables and other configuration keys do. Its value is taken literally:
  /// the rules that spare code and words (`password: String`, `auth_method: oauth`) do not
  /// apply.
  var isConfigurationName = false
}
