// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "Cairn",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "cairn", targets: ["cairn"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
    .package(url: "https://github.com/pointfreeco/swift-snapshot-testing", from: "1.19.7"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
  ],
  targets: [
    .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
    .systemLibrary(name: "CXXHash", pkgConfig: "libxxhash", providers: [.apt(["libxxhash-dev"])]),
    .systemLibrary(
      name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
    // Typed wrappers that load libcurl on first use (dlopen): only its headers, not its link.
    .target(name: "CCurlShim"),
    .target(name: "CairnLogFormat", dependencies: ["CLZ4", "CXXHash"]),
    .target(name: "CairnStore", dependencies: ["CairnLogFormat"]),
    .target(name: "CairnCore", dependencies: ["CairnLogFormat", "CXXHash"]),
    .target(
      name: "CairnEngine",
      dependencies: [
        "CairnCore", "CairnStore", "CairnLogFormat", "CairnProtocol", "CairnModel", "CairnTools",
      ]),
    .target(name: "CairnProtocol"),
    .target(
      name: "CairnTools",
      dependencies: [
        "CairnCore", "CairnProtocol", "CairnModel",
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
    .target(name: "CairnModel", dependencies: ["CCurlShim"]),
    .target(
      name: "CairnCodex",
      dependencies: [
        "CairnCore", "CairnProtocol", .product(name: "TOMLKit", package: "TOMLKit"),
        "CairnEngine", "CairnStore", "CairnLogFormat", "CairnModel", "CairnTools",
      ]),
    .target(
      name: "CairnServer",
      dependencies: [
        "CairnCore",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOWebSocket", package: "swift-nio"),
      ]
    ),
    .target(name: "CairnTestSupport", dependencies: ["CairnServer"]),
    .target(
      name: "CairnDoctor",
      dependencies: ["CairnCodex", "CairnCore", "CairnEngine", "CairnStore", "CCurlShim"]),
    .target(
      name: "CairnBench",
      dependencies: [
        "CairnLogFormat", "CairnStore", "CairnCore", "CairnEngine", "CLZ4", "CairnProtocol",
        "CairnTools", "CairnUI",
      ],
      path: "Benchmarks/CairnBench"
    ),
    .executableTarget(
      name: "cairn",
      dependencies: [
        "CairnLogFormat",
        "CairnCore",
        "CairnEngine",
        "CairnStore",
        "CairnBench",
        "CairnProtocol",
        "CairnCodex",
        "CairnServer",
        "CairnDoctor",
        "CairnModel",
        "CairnTools",
        "CairnTerminal",
        "CairnUI",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]
    ),
    .target(name: "CairnUI", dependencies: ["CairnCore", "CairnLogFormat"]),
    .target(name: "CairnTerminal"),
    .testTarget(
      name: "CairnUITests",
      dependencies: [
        "CairnUI", "CairnCore", "CairnLogFormat",
        .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
      ],
      exclude: ["__Snapshots__"]),
    .testTarget(name: "CairnLogFormatTests", dependencies: ["CairnLogFormat"]),
    .testTarget(name: "CairnCoreTests", dependencies: ["CairnCore", "CairnLogFormat"]),
    .testTarget(
      name: "CairnEngineTests",
      dependencies: ["CairnEngine", "CairnCore", "CairnStore", "CairnLogFormat", "CairnTools"]),
    .testTarget(
      name: "CairnStoreTests", dependencies: ["CairnStore", "CairnLogFormat"],
      exclude: ["Fixtures"]),
    .testTarget(
      name: "cairnTests", dependencies: ["CairnStore", "CairnLogFormat", "CairnTestSupport"]),
    .testTarget(
      name: "CairnProtocolTests", dependencies: ["CairnProtocol"], exclude: ["Fixtures"]),
    .testTarget(
      name: "CairnToolsTests", dependencies: ["CairnTools", "CairnCore"], exclude: ["Fixtures"]),
    .testTarget(
      name: "CairnCodexTests",
      dependencies: [
        "CairnCodex", "CairnCore", "CairnProtocol", "CairnEngine", "CairnLogFormat", "CairnTools",
      ],
      exclude: ["Fixtures"]),
    .testTarget(
      name: "CairnServerTests",
      dependencies: [
        "CairnServer", "CairnTestSupport", "CCurl", "CCurlShim", "CairnCore", "CairnTools",
        "CairnStore",
      ]),
    .testTarget(
      name: "CairnModelTests",
      dependencies: ["CairnModel", "CairnCodex", "CairnServer", "CairnTestSupport"]),
    .testTarget(
      name: "CairnDoctorTests",
      dependencies: [
        "CairnDoctor", "CairnCodex", "CairnCore", "CairnEngine", "CairnStore", "CairnLogFormat",
      ]),
  ],
  swiftLanguageModes: [.v6]
)
