import CairnCore
import Testing

/// An input holding secrets, the output expected after redaction, and the kinds found.
struct SecretPositiveCase: Sendable, CustomTestStringConvertible {
  var input: String
  var expected: String
  var kinds: [SecretKind]

  init(_ input: String, _ expected: String, _ kinds: [SecretKind]) {
    self.input = input
    self.expected = expected
    self.kinds = kinds
  }

  var testDescription: String { String(input.prefix(60)).debugDescription }
}

private typealias F = FakeSecret

/// Every kind, in the contexts it appears in: shells, `.env` files, YAML, JSON, HTTP,
/// URLs, code, and JSON-escaped tool output.
let secretPositiveCorpus: [SecretPositiveCase] = [
  // OpenAI
  .init(F.openAILegacy, "[REDACTED:openAIKey]", [.openAIKey]),
  .init(
    "export OPENAI_API_KEY=\"\(F.openAIProject)\"",
    "export OPENAI_API_KEY=\"[REDACTED:openAIKey]\"",
    [.openAIKey]),
  .init("key \(F.openAIServiceAccount) used", "key [REDACTED:openAIKey] used", [.openAIKey]),
  .init("OPENAI_ADMIN_KEY=\(F.openAIAdmin)", "OPENAI_ADMIN_KEY=[REDACTED:openAIKey]", [.openAIKey]),
  .init(
    "client = OpenAI(api_key='\(F.openAIProject)')",
    "client = OpenAI(api_key='[REDACTED:openAIKey]')",
    [.openAIKey]),
  // Anthropic
  .init(
    "ANTHROPIC_API_KEY=\(F.anthropic)\n", "ANTHROPIC_API_KEY=[REDACTED:anthropicKey]\n",
    [.anthropicKey]),
  .init(
    "-H \"x-api-key: \(F.anthropic)\"", "-H \"x-api-key: [REDACTED:anthropicKey]\"",
    [.anthropicKey]),
  // GitHub
  .init("token \(F.githubClassic)", "token [REDACTED:githubToken]", [.githubToken]),
  .init(
    "\(F.githubOAuth),\(F.githubUser)", "[REDACTED:githubToken],[REDACTED:githubToken]",
    [
      .githubToken, .githubToken,
    ]),
  .init(
    "(\(F.githubServer)) [\(F.githubRefresh)]", "([REDACTED:githubToken]) [[REDACTED:githubToken]]",
    [
      .githubToken, .githubToken,
    ]),
  .init(
    "GH_TOKEN=\(F.githubFineGrained) gh pr list", "GH_TOKEN=[REDACTED:githubToken] gh pr list",
    [.githubToken]),
  .init(
    "git clone https://\(F.githubClassic)@github.com/o/r.git",
    "git clone https://[REDACTED:githubToken]@github.com/o/r.git", [.githubToken]),
  // GitLab
  .init(
    "curl -H \"PRIVATE-TOKEN: \(F.gitlab)\" https://gitlab.example.com/api/v4/projects",
    "curl -H \"PRIVATE-TOKEN: [REDACTED:gitlabToken]\" https://gitlab.example.com/api/v4/projects",
    [.gitlabToken]),
  // AWS
  .init(
    "aws_access_key_id = \(F.awsAccessKeyID)", "aws_access_key_id = [REDACTED:awsAccessKeyID]",
    [
      .awsAccessKeyID
    ]),
  .init(
    "\"AccessKeyId\": \"\(F.awsSessionKeyID)\",", "\"AccessKeyId\": \"[REDACTED:awsAccessKeyID]\",",
    [.awsAccessKeyID]),
  .init(
    "[default]\naws_secret_access_key = \(F.awsSecretAccessKey)\n",
    "[default]\naws_secret_access_key = [REDACTED:awsSecretAccessKey]\n", [.awsSecretAccessKey]),
  .init(
    "export AWS_SECRET_ACCESS_KEY=\(F.awsSecretAccessKey)",
    "export AWS_SECRET_ACCESS_KEY=[REDACTED:awsSecretAccessKey]", [.awsSecretAccessKey]),
  .init(
    "\"SecretAccessKey\": \"\(F.awsSecretAccessKey)\"",
    "\"SecretAccessKey\": \"[REDACTED:awsSecretAccessKey]\"", [.awsSecretAccessKey]),
  // Google
  .init(
    "https://maps.googleapis.com/maps/api/geocode/json?key=\(F.google)",
    "https://maps.googleapis.com/maps/api/geocode/json?key=[REDACTED:googleAPIKey]",
    [.googleAPIKey]),
  // Slack
  .init("SLACK_BOT_TOKEN=\(F.slackBot)", "SLACK_BOT_TOKEN=[REDACTED:slackToken]", [.slackToken]),
  .init("user token: \(F.slackUser).", "user token: [REDACTED:slackToken].", [.slackToken]),
  .init("app=\(F.slackApp)", "app=[REDACTED:slackToken]", [.slackToken]),
  // Stripe
  .init(
    "Stripe.apiKey = \"\(F.stripeLive)\";", "Stripe.apiKey = \"[REDACTED:stripeKey]\";",
    [
      .stripeKey
    ]),
  .init(
    "curl -u \(F.stripeTest): https://api.stripe.com",
    "curl -u [REDACTED:stripeKey]: https://api.stripe.com",
    [
      .stripeKey
    ]),
  .init("restricted: \(F.stripeRestricted)", "restricted: [REDACTED:stripeKey]", [.stripeKey]),
  // JWT
  .init("id_token=\(F.jwt)&state=1", "id_token=[REDACTED:jwt]&state=1", [.jwt]),
  .init("cookie session \(F.jwt).", "cookie session [REDACTED:jwt].", [.jwt]),
  // Bearer
  .init(
    "Authorization: Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0",
    "Authorization: Bearer [REDACTED:bearerToken]", [.bearerToken]),
  .init(
    "curl -H 'Authorization: Bearer \(F.jwt)' https://api.example.com",
    "curl -H 'Authorization: Bearer [REDACTED:jwt]' https://api.example.com", [.jwt]),
  .init(
    "headers: {\"Authorization\": \"Bearer ya29.a0AfH6SMBx3k2Lq9Zp\"}",
    "headers: {\"Authorization\": \"Bearer [REDACTED:bearerToken]\"}", [.bearerToken]),
  .init(
    "sent bearer abcdEFGH1234ijklMNOP to the proxy",
    "sent bearer [REDACTED:bearerToken] to the proxy",
    [.bearerToken]),
  .init(
    "Authorization: token 0123456789abcdef0123456789abcdef01234567",
    "Authorization: token [REDACTED:bearerToken]", [.bearerToken]),
  .init(
    "Authorization: token \(F.githubClassic)", "Authorization: token [REDACTED:githubToken]",
    [.githubToken]),
  .init(
    "Proxy-Authorization: Bearer Zm9vYmFyYmF6cXV4MTIzNDU2",
    "Proxy-Authorization: Bearer [REDACTED:bearerToken]", [.bearerToken]),
  // Basic
  .init(
    "Authorization: Basic \(base64Encoded("aladdin:opensesame"))",
    "Authorization: Basic [REDACTED:basicCredentials]", [.basicCredentials]),
  .init(
    "curl -H \"Authorization: basic \(base64Encoded("user:pass"))\"",
    "curl -H \"Authorization: basic [REDACTED:basicCredentials]\"", [.basicCredentials]),
  .init(
    "proxy sent Basic \(base64Encoded("deploy:hunter22"))",
    "proxy sent Basic [REDACTED:basicCredentials]",
    [
      .basicCredentials
    ]),
  // Passwords in URLs
  .init(
    "DATABASE_URL=postgres://app:s3cr3t-pw@db.internal:5432/app",
    "DATABASE_URL=postgres://app:[REDACTED:urlPassword]@db.internal:5432/app", [.urlPassword]),
  .init(
    "redis://:pw12345@localhost:6379/0", "redis://:[REDACTED:urlPassword]@localhost:6379/0",
    [
      .urlPassword
    ]),
  .init(
    "remote: https://deploy:Tr0ub4dor&3@git.example.com/repo.git",
    "remote: https://deploy:[REDACTED:urlPassword]@git.example.com/repo.git", [.urlPassword]),
  .init(
    "https://\(F.githubClassic):x-oauth-basic@github.com/o/r",
    "https://[REDACTED:githubToken]:[REDACTED:urlPassword]@github.com/o/r",
    [
      .githubToken, .urlPassword,
    ]),
  .init(
    "amqp://guest:\(F.githubClassic)@mq:5672", "amqp://guest:[REDACTED:githubToken]@mq:5672",
    [.githubToken]),
  .init(
    "mongodb+srv://u:p@ss@cluster0.example.net",
    "mongodb+srv://u:[REDACTED:urlPassword]@cluster0.example.net",
    [
      .urlPassword
    ]),
  // Private keys
  .init(F.rsaPrivateKey, "[REDACTED:privateKeyBlock]", [.privateKeyBlock]),
  .init(
    "$ cat ~/.ssh/id_ed25519\n\(F.openSSHPrivateKey)\n$ ls\n",
    "$ cat ~/.ssh/id_ed25519\n[REDACTED:privateKeyBlock]\n$ ls\n", [.privateKeyBlock]),
  .init(
    "-----BEGIN " + "PRIVATE KEY-----\n\(F.privateKeyBody)\n(output truncated)",
    "[REDACTED:privateKeyBlock]", [.privateKeyBlock]),
  .init(
    "{\"private_key\": \"-----BEGIN " + "PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n"
      + "-----END PRIVATE KEY-----\\n\", \"client_email\": \"a@b.iam.gserviceaccount.com\"}",
    "{\"private_key\": \"[REDACTED:privateKeyBlock]\\n\", \"client_email\": \"a@b.iam.gserviceaccount.com\"}",
    [.privateKeyBlock]),
  .init(
    "-----BEGIN " + "ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG\n"
      + "-----END ENCRYPTED PRIVATE KEY-----", "[REDACTED:privateKeyBlock]", [.privateKeyBlock]),
  .init(
    "-----BEGIN " + "EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0A1B\n",
    "[REDACTED:privateKeyBlock]", [.privateKeyBlock]),
  // Assignments: .env, shell, YAML, JSON, INI, flags, query strings, code
  .init("PASSWORD=hunter2", "PASSWORD=[REDACTED:secretAssignment]", [.secretAssignment]),
  .init("DB_PASS=abc", "DB_PASS=[REDACTED:secretAssignment]", [.secretAssignment]),
  .init("PIN_PASSWORD=1234", "PIN_PASSWORD=[REDACTED:secretAssignment]", [.secretAssignment]),
  .init(
    "export API_TOKEN=\"a1b2c3d4e5f6g7h8\"", "export API_TOKEN=\"[REDACTED:secretAssignment]\"",
    [.secretAssignment]),
  .init(
    "SECRET_KEY_BASE=9c1e2f0b7d3a4c5e", "SECRET_KEY_BASE=[REDACTED:secretAssignment]",
    [.secretAssignment]),
  .init(
    "django SECRET_KEY='django-insecure-0x9#k2$l'",
    "django SECRET_KEY='[REDACTED:secretAssignment]'",
    [.secretAssignment]),
  .init(
    "  MYSQL_ROOT_PASSWORD: root\n  POSTGRES_PASSWORD: postgres\n",
    "  MYSQL_ROOT_PASSWORD: [REDACTED:secretAssignment]\n  POSTGRES_PASSWORD: [REDACTED:secretAssignment]\n",
    [.secretAssignment, .secretAssignment]),
  .init("password: hunter2", "password: [REDACTED:secretAssignment]", [.secretAssignment]),
  .init("password: postgres", "password: [REDACTED:secretAssignment]", [.secretAssignment]),
  .init(
    "client_secret: 7f3a9b2c1d0e", "client_secret: [REDACTED:secretAssignment]", [.secretAssignment]
  ),
  .init(
    "{\"client_secret\":\"GOCSPX-a1B2c3D4e5F6\",\"x\":1}",
    "{\"client_secret\":\"[REDACTED:secretAssignment]\",\"x\":1}", [.secretAssignment]),
  .init("{'password': 'pw'}", "{'password': '[REDACTED:secretAssignment]'}", [.secretAssignment]),
  .init(
    "spring.datasource.password=Sup3rS3cret",
    "spring.datasource.password=[REDACTED:secretAssignment]",
    [.secretAssignment]),
  .init(
    "mysql --password=abc db", "mysql --password=[REDACTED:secretAssignment] db",
    [
      .secretAssignment
    ]),
  .init(
    "--api-key=0f9e8d7c6b5a4f3e2d1c", "--api-key=[REDACTED:secretAssignment]", [.secretAssignment]),
  .init(
    "GET /cb?access_token=abc123def456ghi&x=1",
    "GET /cb?access_token=[REDACTED:secretAssignment]&x=1",
    [.secretAssignment]),
  .init(
    "//registry.npmjs.org/:_authToken=npm_Ab3De6Gh9Jk2Mn5Pq8St1Vw4",
    "//registry.npmjs.org/:_authToken=[REDACTED:secretAssignment]", [.secretAssignment]),
  .init(
    "X-Api-Key: 0123456789abcdef0123", "X-Api-Key: [REDACTED:secretAssignment]", [.secretAssignment]
  ),
  .init(
    "password := \"hunter22\"", "password := \"[REDACTED:secretAssignment]\"", [.secretAssignment]),
  .init(
    "let apiKey = \"AbCdEfGhIjKlMnOp\"", "let apiKey = \"[REDACTED:secretAssignment]\"",
    [.secretAssignment]),
  .init(
    "credentials: zq81-ffa0-22bd-90ce", "credentials: [REDACTED:secretAssignment]",
    [.secretAssignment]
  ),
  .init("auth: dXNlcjpwYXNzd29yZA==", "auth: [REDACTED:secretAssignment]", [.secretAssignment]),
  .init(
    "PRIVATE_KEY=0x4c0883a69102937d6231471b5dbb6204fe512961708279f3c3c0b0f8f0f1e2a7",
    "PRIVATE_KEY=[REDACTED:secretAssignment]", [.secretAssignment]),
  .init(
    "API_TOKEN=abc123def456ghi # comment", "API_TOKEN=[REDACTED:secretAssignment] # comment",
    [.secretAssignment]),
  .init(
    "TOKEN=abc123def456ghi\nPASSWORD=x\n",
    "TOKEN=[REDACTED:secretAssignment]\nPASSWORD=[REDACTED:secretAssignment]\n",
    [.secretAssignment, .secretAssignment]),
  // JSON-escaped tool output, as the engine persists it
  .init(
    "{\"output\":\"PASSWORD=hunter2\\nTOKEN=abc123def456\\n\"}",
    "{\"output\":\"PASSWORD=[REDACTED:secretAssignment]\\nTOKEN=[REDACTED:secretAssignment]\\n\"}",
    [.secretAssignment, .secretAssignment]),
  .init(
    "{\"cmd\":\"export API_KEY=\\\"k3y-0123456789\\\"\"}",
    "{\"cmd\":\"export API_KEY=\\\"[REDACTED:secretAssignment]\\\"\"}", [.secretAssignment]),
  .init(
    "{\"text\":\"{\\\"password\\\": \\\"hunter2\\\"}\"}",
    "{\"text\":\"{\\\"password\\\": \\\"[REDACTED:secretAssignment]\\\"}\"}", [.secretAssignment]),
  // Several kinds in one input, in order
  .init(
    "A=\(F.githubClassic) B=\(F.awsAccessKeyID) C=\(F.google)\n\(F.rsaPrivateKey)\nend",
    "A=[REDACTED:githubToken] B=[REDACTED:awsAccessKeyID] C=[REDACTED:googleAPIKey]\n[REDACTED:privateKeyBlock]\nend",
    [.githubToken, .awsAccessKeyID, .googleAPIKey, .privateKeyBlock]),
  // Next to non-ASCII text
  .init("clé: \(F.githubClassic) — fin", "clé: [REDACTED:githubToken] — fin", [.githubToken]),
  .init("PASSWORD=pässwörd€", "PASSWORD=[REDACTED:secretAssignment]", [.secretAssignment]),
]

@Suite("SecretRedactor: corpus of secrets")
struct SecretRedactorPositiveCorpusTests {
  @Test("each secret is redacted to the expected text", arguments: secretPositiveCorpus)
  func redactsSecret(_ entry: SecretPositiveCase) {
    let redactor = SecretRedactor()
    let (text, findings) = redactor.redact(entry.input)
    #expect(text == entry.expected)
    #expect(findings.map(\.kind) == entry.kinds)
    let bytes = expectRedactionLaws(Array(entry.input.utf8))
    #expect(bytes.bytes == Array(entry.expected.utf8))
    #expect(bytes.findings == findings)
  }

  @Test("the corpus covers every kind")
  func coversEveryKind() {
    let covered = Set(secretPositiveCorpus.flatMap(\.kinds))
    #expect(covered == Set(SecretKind.allCases))
  }
}
