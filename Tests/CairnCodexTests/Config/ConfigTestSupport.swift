import CairnCodex
import Foundation

/// A fresh Codex home under the system's temporary directory, removed afterwards.
func withCodexHome<T>(_ body: (CodexHome) throws -> T) throws -> T {
  var template = Array((NSTemporaryDirectory() + "cairn-codex-home.XXXXXX").utf8CString)
  guard let made = mkdtemp(&template) else { throw TestSetupFailure("mkdtemp failed") }
  let path = String(cString: made)
  defer { try? FileManager.default.removeItem(atPath: path) }
  return try body(CodexHome(path: path, origin: .option))
}

struct TestSetupFailure: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

func write(_ text: String, to path: String) throws {
  try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

func read(_ path: String) throws -> String {
  try String(decoding: Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
}

/// The repository's root, found from this file's path.
let repositoryRoot: String = {
  var url = URL(fileURLWithPath: #filePath)
  for _ in 0..<4 { url.deleteLastPathComponent() }
  return url.path
}()

func path(_ dotted: String...) -> ConfigKeyPath { ConfigKeyPath(dotted) }

/// Loads with the embedded catalog.
func load(
  _ home: CodexHome, profile: String? = nil, overrides: [String] = [], enable: [String] = [],
  disable: [String] = []
) throws(ConfigError) -> EffectiveConfig {
  try ConfigLoader.load(
    ConfigRequest(
      home: home, profile: profile, overrides: overrides, enabledFeatures: enable,
      disabledFeatures: disable),
    catalog: .embedded)
}
