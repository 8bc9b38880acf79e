import Foundation
import Testing

extension CLITests {
  /// What the cairn binary loads at start: every command pays for each shared library it
  /// names, so libcurl (some thirty libraries with its TLS, HTTP/2, LDAP and Kerberos
  /// dependencies) is loaded on first use instead (CCurlShim), never named here.
  @Suite struct LinkedLibrariesTests {
    @Test func theBinaryDoesNotNameLibcurl() throws {
      let binary = try CairnBinary.require()
      let data = try Data(contentsOf: URL(fileURLWithPath: binary))
      let needed = try ELFNeededLibraries.read(data)
      #expect(needed.contains("libc.so.6"), "\(needed)")
      #expect(needed.contains("liblz4.so.1"), "\(needed)")
      #expect(!needed.contains { $0.hasPrefix("libcurl") }, "\(needed)")
    }
  }
}

/// The DT_NEEDED entries of a 64-bit little-endian ELF file.
enum ELFNeededLibraries {
  static func read(_ data: Data) throws -> [String] {
    let bytes = [UInt8](data)
    func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
    func u64(_ at: Int) -> Int {
      (0..<8).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) }
    }
    guard bytes.count > 64, bytes[0..<4] == [0x7f, 0x45, 0x4c, 0x46], bytes[4] == 2 else {
      throw HarnessFailure("not a 64-bit ELF file")
    }
    let sectionTable = u64(0x28)
    let sectionSize = u16(0x3a)
    let sectionCount = u16(0x3c)
    var dynamic: (offset: Int, size: Int, link: Int)?
    for index in 0..<sectionCount {
      let header = sectionTable + index * sectionSize
      // SHT_DYNAMIC = 6.
      if u64(header + 4) & 0xffff_ffff == 6 {
        dynamic = (u64(header + 0x18), u64(header + 0x20), u64(header + 0x28) & 0xffff_ffff)
      }
    }
    guard let dynamic else { throw HarnessFailure("no dynamic section") }
    let strings = u64(sectionTable + dynamic.link * sectionSize + 0x18)
    var names: [String] = []
    for entry in stride(from: dynamic.offset, to: dynamic.offset + dynamic.size, by: 16) {
      let tag = u64(entry)
      if tag == 0 { break }
      // DT_NEEDED = 1: the value is an offset into the dynamic string table.
      if tag == 1 {
        let start = strings + u64(entry + 8)
        let end = bytes[start...].firstIndex(of: 0) ?? bytes.count
        names.append(String(decoding: bytes[start..<end], as: UTF8.self))
      }
    }
    return names
  }
}
