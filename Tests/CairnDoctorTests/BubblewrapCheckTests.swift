import CairnCodex
import CairnDoctor
import Foundation
import Testing

/// `sandbox.bubblewrap` with a controlled PATH: none, a working bwrap, a refused one.
/// The stand-ins are shell scripts that answer as bubblewrap does.
@Suite struct BubblewrapCheckTests {
  func facts(_ check: DoctorCheck) -> [String: String] {
    Dictionary(uniqueKeysWithValues: check.facts.map { ($0.key, $0.value.text) })
  }

  @Test func absentBwrapIsAWarningWithAnInstallFix() throws {
    try withDirectory { empty in
      let check = BubblewrapCheck.run(environment: ["PATH": empty])
      #expect(check.status == .warning)
      #expect(check.detail.hasPrefix("bubblewrap is not installed (no `bwrap` on $PATH)"))
      #expect(check.fix?.hasPrefix("install bubblewrap (`apt-get install bubblewrap`)") == true)
      #expect(facts(check)["bwrap_path"] == "null")
    }
  }

  @Test func workingBwrapIsOKWithItsVersion() throws {
    try withDirectory { bin in
      try writeScript(
        "if [ \"$1\" = --version ]; then echo 'bubblewrap 0.8.0'; fi\nexit 0\n", to: bin + "/bwrap")
      let check = BubblewrapCheck.run(environment: ["PATH": bin])
      #expect(check.status == .ok)
      #expect(
        check.detail
          == "bubblewrap 0.8.0 at \(bin)/bwrap; user namespaces and the sandbox's mounts are usable"
      )
      #expect(facts(check)["bwrap_version"] == "\"0.8.0\"")
    }
  }

  @Test func refusedNamespacesAreAWarningWithTheReason() throws {
    try withDirectory { bin in
      try writeScript(
        """
        if [ "$1" = --version ]; then echo 'bubblewrap 0.8.0'; exit 0; fi
        echo 'bwrap: No permissions to creating new namespace' >&2
        exit 1

        """, to: bin + "/bwrap")
      let check = BubblewrapCheck.run(environment: ["PATH": bin])
      #expect(check.status == .warning)
      #expect(
        check.detail
          == "bubblewrap 0.8.0 at \(bin)/bwrap cannot create a sandbox: bwrap: No permissions "
          + "to creating new namespace")
      #expect(check.fix?.contains("user.max_user_namespaces") == true)
    }
  }

  @Test func failingMountsNameTheMountStep() throws {
    try withDirectory { bin in
      // Creates a user namespace, but refuses a fresh /proc (as in an unprivileged container).
      try writeScript(
        """
        if [ "$1" = --version ]; then echo 'bubblewrap 0.8.0'; exit 0; fi
        for argument in "$@"; do
          if [ "$argument" = --proc ]; then
            echo "bwrap: Can't mount proc on /newroot/proc: Operation not permitted" >&2
            exit 1
          fi
        done
        exit 0

        """, to: bin + "/bwrap")
      let check = BubblewrapCheck.run(environment: ["PATH": bin])
      #expect(check.status == .warning)
      #expect(
        check.detail.contains("creates user namespaces but cannot set up the sandbox's mounts"))
      #expect(check.detail.hasSuffix("Can't mount proc on /newroot/proc: Operation not permitted"))
      #expect(facts(check)["user_namespaces"] == "\"usable\"")
      #expect(check.fix?.contains("--privileged") == true)
    }
  }

  @Test func theInstalledBwrapRunsTheSandbox() throws {
    // The real bubblewrap that tools/bootstrap installs, on the real PATH.
    let check = BubblewrapCheck.run()
    #expect(check.status == .ok, "\(check.detail)")
    #expect(facts(check)["sandbox_mounts"] == "\"usable\"")
  }
}
