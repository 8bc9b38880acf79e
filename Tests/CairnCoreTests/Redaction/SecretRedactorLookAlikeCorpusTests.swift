import CairnCore
import Testing

/// Text that resembles a secret but is not one, and must come out of the redactor
/// unchanged. Each line says why it survives (docs/REDACTION.md, "What survives").
let secretLookAlikeCorpus: [String] = [
  // Prefixes inside words, or too short
  "task-sk-list and risk-free",
  "pip install scikit-learn sk-learn",
  "the sk-2024-release-notes-draft branch",
  "short ids: sk-abc, sk-12345, ghp_abc, glpat-x, xoxb-1, AKIA1234, AIza12",
  "ghp without underscore: ghpAbcdef0123456789abcdef0123456789abcd",
  "gh_p_0123456789 and ghx_0123456789abcdef0123456789abcdefABCD",
  "AKIA followed by too few: AKIAIOSFODNN7",
  "AKIA followed by too many: AKIAIOSFODNN7EXAMPLE0123",
  "AKIA in lower case: akiaiosfodnn7example",
  "disk_test_results_0123456789abcdefgh and desk_live_stream_0123456789abcdef",
  "mask_live_view and sk_live_ alone",
  "xoxb-not-a-real-token-here-at-all and xoxb",
  "AIzaSyShort",
  // Hashes, ids and encodings
  "commit 3f786850e387550fdab836ed7e6dc881de23001b (HEAD -> main)",
  "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  "id 550e8400-e29b-41d4-a716-446655440000 created",
  "data: SGVsbG8gd29ybGQhIFRoaXMgaXMgYmFzZTY0IHRleHQu",
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "integrity sha512-Rp8bLnQ0e0t2zS2BW1jW9m8xQm4tq6kq5pL2dFV2x9g==",
  // JWT-shaped, but not a token
  "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0",
  "header eyJhbGciOiJIUzI1NiJ9 alone",
  "eyJ.short.one and eyJzdWIi.x",
  // URLs without passwords
  "https://example.com/path?x=1&y=two#frag",
  "ssh://git@github.com:22/owner/repo.git",
  "https://user@host.example.com/path",
  "mailto:someone@example.com and git@github.com:owner/repo.git",
  "postgres://user:${DB_PASSWORD}@db:5432/app",
  "https://user:<password>@host/ and https://user:***@host/",
  "http://[::1]:8080/ and http://localhost:3000/api/v1?page=2",
  // Words in prose
  "enter your password below",
  "The token is sent in the header; the password never leaves the device.",
  "Password: enter it below",
  "Bearer",
  "Set the header to Bearer\nand retry",
  "the Bearer tokens are short-lived; Bearer authentication is standard",
  "Basic authentication and Basic usage",
  "basic math: 2 + 2",
  "Author: Christopher Smith <chris@example.com>",
  "GIT_AUTHOR_NAME=Christopher Smith",
  "XAUTHORITY=/run/user/1000/gdm/Xauthority",
  // Names that look secret, values that do not
  "PASSWORD_MIN_LENGTH=8",
  "TOKEN_COUNT=1234",
  "\"max_tokens\": 4096,",
  "\"prompt_tokens\": 123456789, \"completion_tokens\": 42",
  "TOKENIZERS_PARALLELISM=false",
  "\"tokenizer\": \"gpt2-tokenizer-v1\"",
  "token_type: bearer",
  "\"token_type\": \"Bearer\"",
  "\"authentication\": \"required\"",
  "auth_method: oauth",
  "PASSWORD=",
  "password: \"\"",
  "API_KEY=<your-token>",
  "API_KEY=your_api_key_here",
  "OPENAI_API_KEY=sk-...",
  "password: changeme",
  "password=password",
  "secret: '***'",
  "token: xxx",
  "TOKEN=xxxxxxxxxxxxxxxx",
  "password: null",
  "export GITHUB_TOKEN=\"${GITHUB_TOKEN}\"",
  "GITHUB_TOKEN=$GITHUB_TOKEN",
  "TOKEN=$(vault read -field=token secret/ci)",
  "password: {{ .Values.password }}",
  "token: ${{ secrets.GITHUB_TOKEN }}",
  "SSH_AUTH_SOCK=/tmp/ssh-XXXXabcd/agent.1234",
  "GOOGLE_APPLICATION_CREDENTIALS=/home/me/keys/service-account.json",
  "token_path: ~/.config/app/token",
  "AUTH_URL=https://auth.example.com/oauth2/token",
  "\"token_uri\": \"https://oauth2.googleapis.com/token\"",
  "credential.helper=osxkeychain",
  "BYPASS=1 and compass=12345678",
  "Passwort für den Server: Kennwort=geh€im123",
  // Code
  "let token = parse(input)",
  "let password: String = readLine()",
  "func login(password: String, token: Token?) -> Session",
  "self.apiKey = apiKey",
  "let secret = config.secret",
  "password: newPassword,",
  "login(password: password)",
  "if password == \"hunter2\" { return }",
  "if token != nil && secret >= threshold {}",
  "headers[\"Authorization\"] = \"Bearer \\(token)\"",
  "request.setValue(\"Bearer \\(accessToken)\", forHTTPHeaderField: \"Authorization\")",
  "const auth = `Bearer ${token}`;",
  "authorization: Bearer $TOKEN",
  "Authorization: Bearer <token>",
  "Authorization: Bearer",
  "Authorization: Basic",
  "token = tokens[index]",
  "var tokens: [Token] = []",
  "private let accessKey: AccessKey",
  "password: String?",
  // Key blocks that are not private keys, and mentions without a key
  "Markdown: paste your `-----BEGIN PUBLIC KEY-----` here",
  "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHC\n-----END PUBLIC KEY-----",
  "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQsw\n-----END CERTIFICATE-----",
  "The file starts with -----BEGIN RSA PRIVATE KEY----- (never paste it).",
  "----------\n--flag -- -> ---",
]

@Suite("SecretRedactor: corpus of look-alikes")
struct SecretRedactorLookAlikeCorpusTests {
  @Test("each look-alike survives unchanged", arguments: secretLookAlikeCorpus)
  func survives(_ text: String) {
    let redactor = SecretRedactor()
    let (output, findings) = redactor.redact(text)
    #expect(findings == [])
    #expect(output == text)
    let bytes = Array(text.utf8)
    #expect(bytes.withUnsafeBytes { redactor.containsSecret($0) } == false)
  }
}
