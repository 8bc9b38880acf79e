import CCurlShim
import CairnCodex
import CairnCore

/// `network.libcurl`: the libcurl Cairn's model transport is linked against, its version,
/// TLS library, protocols and features, from `curl_version_info`. HTTP is required (model
/// servers, the loopback test server); HTTPS is required for OpenAI's servers.
public enum LibcurlCheck {
  public static let name = "network.libcurl"

  /// What `curl_version_info` reports.
  public struct Info: Equatable, Sendable {
    public var version: String
    public var sslVersion: String?
    public var libzVersion: String?
    public var protocols: [String]
    public var features: [String]

    public init(
      version: String, sslVersion: String?, libzVersion: String?, protocols: [String],
      features: [String]
    ) {
      self.version = version
      self.sslVersion = sslVersion
      self.libzVersion = libzVersion
      self.protocols = protocols
      self.features = features
    }
  }

  public static func info() -> Info? {
    guard let data = cairn_curl_version_info() else { return nil }
    let info = data.pointee
    return Info(
      version: info.version.map { String(cString: $0) } ?? "unknown",
      sslVersion: info.ssl_version.map { String(cString: $0) },
      libzVersion: info.libz_version.map { String(cString: $0) },
      protocols: strings(info.protocols),
      features: strings(cairn_curl_feature_names(data)))
  }

  public static func run() -> DoctorCheck {
    if let error = cairn_curl_load_error() {
      return DoctorCheck(
        name: name, status: .failed,
        detail: "libcurl could not be loaded: \(String(cString: error))",
        fix: "install libcurl (`apt-get install libcurl4`)")
    }
    guard let info = info() else {
      return DoctorCheck(
        name: name, status: .failed, detail: "curl_version_info returned nothing",
        fix: "reinstall libcurl (`apt-get install --reinstall libcurl4`)")
    }
    return check(info)
  }

  /// The check's verdict on a given library description.
  public static func check(_ info: Info) -> DoctorCheck {
    let facts = [
      DoctorCheck.Fact("version", info.version),
      DoctorCheck.Fact("ssl_version", info.sslVersion.map { .string($0) } ?? .null),
      DoctorCheck.Fact("libz_version", info.libzVersion.map { .string($0) } ?? .null),
      DoctorCheck.Fact("protocols", .array(info.protocols.map { .string($0) })),
      DoctorCheck.Fact("features", .array(info.features.map { .string($0) })),
    ]
    let protocols = Set(info.protocols.map { $0.lowercased() })
    let tls = info.sslVersion.map { ", \($0)" } ?? ", no TLS"
    let http2 = info.features.contains("HTTP2") ? ", HTTP/2" : ""
    let detail =
      "libcurl \(info.version)\(tls)\(http2); \(info.protocols.count) protocols, "
      + "http and https among them"
    if !protocols.contains("http") {
      return DoctorCheck(
        name: name, status: .failed, detail: "libcurl \(info.version) cannot speak HTTP",
        fix: "install a libcurl built with HTTP (`apt-get install libcurl4`)", facts: facts)
    }
    if !protocols.contains("https") {
      return DoctorCheck(
        name: name, status: .warning,
        detail: "libcurl \(info.version) has no HTTPS: only plain-HTTP model servers work",
        fix: "install a libcurl built with TLS (`apt-get install libcurl4`)", facts: facts)
    }
    return DoctorCheck(name: name, status: .ok, detail: detail, facts: facts)
  }

  private static func strings(_ list: UnsafePointer<UnsafePointer<CChar>?>?) -> [String] {
    guard var cursor = list else { return [] }
    var out: [String] = []
    while let item = cursor.pointee {
      out.append(String(cString: item))
      cursor += 1
    }
    return out
  }
}
