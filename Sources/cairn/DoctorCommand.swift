import ArgumentParser
import CairnCodex
import CairnDoctor
import CairnEngine
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// `cairn doctor`: checks of the installation, the Codex config and auth, the sandbox, the
/// terminal, libcurl, disk space and the health of every stored session.
struct DoctorCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "doctor",
    abstract: "Diagnose the local installation, config, auth, runtime and session store.",
    discussion: """
      Checks, in order: codex.binary, config.load, auth.credentials, sandbox.bubblewrap, \
      terminal.env, network.libcurl, disk.space, store.health (docs/CODEX_COMPAT.md, \
      "Doctor"). Each reports ok, warning or failed, with what to do. No secret is ever \
      printed: credentials are reported as present or absent. Exit 0 when no check failed \
      (warnings allowed), 1 when one did.
      """)

  @OptionGroup var options: HomeOptions
  @OptionGroup var codexHome: CodexHomeOption
  @ParentCommand var root: Cairn

  @Flag(help: "Only show the check rows and the final count summary.")
  var summary = false

  @Flag(help: "Expand long lists in the detailed human output.")
  var all = false

  @Flag(name: .customLong("no-color"), help: "Disable ANSI color in the human output.")
  var noColor = false

  @Flag(help: "Use ASCII status labels in the human output.")
  var ascii = false

  func run() throws {
    try reportingFailures {
      let environment = ProcessInfo.processInfo.environment
      let request = Doctor.Request(
        cairnHome: absolute(CairnHome.resolve(explicit: options.home)),
        config: ConfigRequest(home: codexHome.home, overrides: root.overrides),
        environment: environment)
      var progress: ProgressBar?
      let report = Doctor.run(request) { done, total in
        if progress == nil {
          progress = ProgressBar(label: "verifying sessions", total: UInt64(total))
        }
        progress?.update(UInt64(done))
      }
      progress?.finish()
      let output = StandardOutput()
      if options.json {
        try output.write(report.jsonValue.text + "\n")
      } else {
        let color =
          !noColor && isatty(1) == 1
          && TerminalCheck.colorSupport(environment: environment) != .none
        let renderer = DoctorTextRenderer(ascii: ascii, color: color, summary: summary, all: all)
        try output.write(
          renderer.render(report, title: "cairn doctor \(Cairn.configuration.version)"))
      }
      try output.flush()
      if !report.ok { throw ExitCode(1) }
    }
  }
}

/// The home with an absolute root, so that the repair commands the report names work from
/// any directory.
private func absolute(_ home: CairnHome) -> CairnHome {
  if home.root.hasPrefix("/") { return home }
  let current = FileManager.default.currentDirectoryPath
  return CairnHome(root: home.root == "." ? current : current + "/" + home.root)
}

extension DoctorCommand: CodexParityDescribed {
  static var codexParity: CodexParity {
    .partial(
      missing: "Codex's own check ids beyond config, auth and terminal; Cairn checks its "
        + "sandbox, libcurl, disk and session store instead (docs/CODEX_COMPAT.md)")
  }
  static var codexArgumentParity: [String: CodexParity] {
    ["--config": .implemented, "--enable": .implemented, "--disable": .implemented]
  }
}
