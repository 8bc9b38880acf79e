/// A quick test that turns away most assignment names before the word search of
/// `SecretScanner.secretName(_:_:)`: a name can hold a secret word only if it holds every
/// letter of that word. Letters are bits 0 to 25 of a mask, `a` to `z`, in any case
/// (`SecretScanner.letterBit(_:)`).
enum SecretWordLetters {
  /// Whether a name whose letters are `letters` may hold `pass` (the start of every password
  /// word), `secret`, `token`, `apikey`, `accesskey`, `privatekey`, `auth` or `credential`.
  static func mayHoldSecretWord(_ letters: UInt32) -> Bool {
    letters & pass == pass || letters & secret == secret || letters & token == token
      || letters & apiKey == apiKey || letters & accessKey == accessKey
      || letters & privateKey == privateKey || letters & auth == auth
      || letters & credential == credential
  }

  /// The letters of `pass`.
  private static var pass: UInt32 { 0x0048001 }

  /// The letters of `secret`.
  private static var secret: UInt32 { 0x00E0014 }

  /// The letters of `token`.
  private static var token: UInt32 { 0x0086410 }

  /// The letters of `apikey`.
  private static var apiKey: UInt32 { 0x1008511 }

  /// The letters of `accesskey`.
  private static var accessKey: UInt32 { 0x1040415 }

  /// The letters of `privatekey`.
  private static var privateKey: UInt32 { 0x12A8511 }

  /// The letters of `auth`.
  private static var auth: UInt32 { 0x0180081 }

  /// The letters of `credential`.
  private static var credential: UInt32 { 0x00A291D }
}
