import CairnCodex
import CairnDoctor
import Foundation
import Testing

/// `network.libcurl`: the linked library, and the verdicts on libraries without HTTP(S).
@Suite struct LibcurlCheckTests {
  @Test func theLinkedLibraryCanSpeakHTTPS() throws {
    let info = try #require(LibcurlCheck.info())
    #expect(info.protocols.contains("http"))
    #expect(info.protocols.contains("https"))
    #expect(info.version.first?.isNumber == true)
    let check = LibcurlCheck.run()
    #expect(check.status == .ok)
    #expect(check.detail.hasPrefix("libcurl \(info.version)"))
  }

  @Test func theVersionIsTheOneCurlConfigReports() throws {
    // curl-config ships with the -dev package the build needs.
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "curl-config --version"]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let reported = String(decoding: data, as: UTF8.self).trimmingCharacters(
      in: .whitespacesAndNewlines)
    let info = try #require(LibcurlCheck.info())
    #expect(reported == "libcurl \(info.version)")
  }

  @Test func noHTTPSIsAWarningAndNoHTTPAFailure() {
    let plain = LibcurlCheck.Info(
      version: "8.0.0", sslVersion: nil, libzVersion: nil, protocols: ["file", "http"],
      features: [])
    let noTLS = LibcurlCheck.check(plain)
    #expect(noTLS.status == .warning)
    #expect(noTLS.fix?.contains("TLS") == true)
    var none = plain
    none.protocols = ["file"]
    #expect(LibcurlCheck.check(none).status == .failed)
  }
}
