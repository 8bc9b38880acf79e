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
  ],
  targets: [
    .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
    .systemLibrary(name: "CXXHash", pkgConfig: "libxxhash", providers: [.apt(["libxxhash-dev"])]),
    .systemLibrary(
      name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
    .target(name: "CCurlShim", dependencies: ["CCurl"]),
    .target(name: "CairnLogFormat", dependencies: ["CLZ4", "CXXHash"]),
    .target(name: "CairnStore", dependencies: ["CairnLogFormat"]),
    .target(name: "CairnCore", dependencies: ["CairnLogFormat", "CXXHash"]),
    .target(name: "CairnEngine", dependencies: ["CairnCore", "CairnStore", "CairnLogFormat"]),
    .target(
      name: "CairnCodex",
      dependencies: ["CairnCore", .product(name: "TOMLKit", package: "TOMLKit")]),
    .target(
      name: "CairnDoctor",
      dependencies: ["CairnCodex", "CairnCore", "CairnEngine", "CairnStore", "CCurlShim"]),
    .target(
      name: "CairnBench",
      dependencies: ["CairnLogFormat", "CairnStore", "CairnCore", "CairnEngine", "CLZ4"],
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
        "CairnCodex",
        "CairnDoctor",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "CairnLogFormatTests", dependencies: ["CairnLogFormat"]),
    .testTarget(name: "CairnCoreTests", dependencies: ["CairnCore", "CairnLogFormat"]),
    .testTarget(
      name: "CairnEngineTests",
      dependencies: ["CairnEngine", "CairnCore", "CairnStore", "CairnLogFormat"]),
    .testTarget(
      name: "CairnStoreTests", dependencies: ["CairnStore", "CairnLogFormat"],
      exclude: ["Fixtures"]),
    .testTarget(name: "cairnTests", dependencies: ["CairnStore", "CairnLogFormat"]),
    .testTarget(name: "CairnCodexTests", dependencies: ["CairnCodex", "CairnCore"]),
    .testTarget(
      name: "CairnDoctorTests",
      dependencies: [
        "CairnDoctor", "CairnCodex", "CairnCore", "CairnEngine", "CairnStore", "CairnLogFormat",
      ]),
  ],
  swiftLanguageModes: [.v6]
)
