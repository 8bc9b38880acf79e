import CairnCodex
import Foundation

/// `sandbox.bubblewrap`: whether `bwrap` is on `PATH`, its version, whether it (else
/// `unshare -U`) can actually create a user namespace, with the kernel settings that decide
/// it, and whether it can set up the mounts and namespaces of Cairn's sandbox (a fresh
/// `/dev` and `/proc`, new PID and network namespaces) by running `true` in exactly that
/// sandbox. Each failure names the step that failed. Only ever a warning: the agent's
/// commands do not run in the sandbox yet (`cairn sandbox` does).
public enum BubblewrapCheck {
  public static let name = "sandbox.bubblewrap"

  /// Kernel settings that allow or forbid unprivileged user namespaces, by distribution.
  static let userNamespaceSettings = [
    ("max_user_namespaces", "/proc/sys/user/max_user_namespaces"),
    ("unprivileged_userns_clone", "/proc/sys/kernel/unprivileged_userns_clone"),
    (
      "apparmor_restrict_userns",
      "/proc/sys/kernel/apparmor_restrict_unprivileged_userns"
    ),
  ]

  /// The sandbox `BubblewrapSandbox` builds for `read-only`, up to the command.
  static let sandboxOptions = [
    "--new-session", "--die-with-parent", "--ro-bind", "/", "/", "--dev", "/dev",
    "--unshare-pid", "--proc", "/proc", "--unshare-net", "--",
  ]

  static let mountFix =
    "in a container, allow mounts in new namespaces: run it privileged (`docker run "
    + "--privileged`) or with `--security-opt seccomp=unconfined --security-opt "
    + "apparmor=unconfined`; a /proc with masked paths also forbids mounting a fresh /proc"

  static let namespaceFix =
    "allow user namespaces: `sysctl -w user.max_user_namespaces=15000`, on Debian also "
    + "`sysctl -w kernel.unprivileged_userns_clone=1`, on Ubuntu "
    + "`sysctl -w kernel.apparmor_restrict_unprivileged_userns=0` (or an AppArmor profile for bwrap)"

  /// `true` by absolute path, so the trial does not depend on `PATH`.
  static var trueProgram: String {
    ["/usr/bin/true", "/bin/true"].first { FileManager.default.isExecutableFile(atPath: $0) }
      ?? "true"
  }

  public static func run(environment: [String: String] = ProcessInfo.processInfo.environment)
    -> DoctorCheck
  {
    var facts: [DoctorCheck.Fact] = []
    for (key, path) in userNamespaceSettings {
      let value = (try? String(contentsOfFile: path, encoding: .utf8))?
        .trimmingCharacters(in: .whitespacesAndNewlines)
      facts.append(DoctorCheck.Fact(key, value.map { .string($0) } ?? .null))
    }
    let searchPath = environment["PATH"]
    guard let bwrap = ExecutableSearch.find("bwrap", path: searchPath) else {
      let trial = userNamespaceTrial(environment: environment)
      facts.append(DoctorCheck.Fact("bwrap_path", .null))
      facts.append(DoctorCheck.Fact("user_namespaces", trial.fact))
      var fix =
        "install bubblewrap (`apt-get install bubblewrap`); `cairn sandbox` (and later the "
        + "agent's commands) runs in it"
      if !trial.usable { fix += "; and " + namespaceFix }
      return DoctorCheck(
        name: name, status: .warning,
        detail: "bubblewrap is not installed (no `bwrap` on $PATH); user namespaces "
          + (trial.usable ? "are usable" : "are not usable (\(trial.fact))"),
        fix: fix, facts: facts)
    }
    facts.append(DoctorCheck.Fact("bwrap_path", bwrap))
    let versionRun = ProcessProbe.run(bwrap, ["--version"], environment: environment)
    let version =
      versionRun.status == 0
      ? versionRun.stdout.split(whereSeparator: \.isWhitespace).last.map(String.init) : nil
    facts.append(DoctorCheck.Fact("bwrap_version", version.map { .string($0) } ?? .null))
    let label = "bubblewrap \(version ?? "(unknown version)") at \(bwrap)"
    // The real test of a sandbox: bwrap itself creating a user namespace.
    let sandbox = ProcessProbe.run(
      bwrap, ["--ro-bind", "/", "/", "--unshare-user", trueProgram], environment: environment)
    guard sandbox.status == 0 else {
      let reason =
        sandbox.firstLine.isEmpty ? "exit status \(sandbox.status ?? -1)" : sandbox.firstLine
      facts.append(DoctorCheck.Fact("user_namespaces", "not usable: \(reason)"))
      return DoctorCheck(
        name: name, status: .warning, detail: "\(label) cannot create a sandbox: \(reason)",
        fix: namespaceFix, facts: facts)
    }
    facts.append(DoctorCheck.Fact("user_namespaces", "usable"))
    // The next step: the mounts and namespaces of the sandbox itself.
    let full = ProcessProbe.run(bwrap, sandboxOptions + [trueProgram], environment: environment)
    guard full.status == 0 else {
      let reason = full.firstLine.isEmpty ? "exit status \(full.status ?? -1)" : full.firstLine
      facts.append(DoctorCheck.Fact("sandbox_mounts", "not usable: \(reason)"))
      return DoctorCheck(
        name: name, status: .warning,
        detail: "\(label) creates user namespaces but cannot set up the sandbox's mounts "
          + "(a fresh /dev and /proc, new PID and network namespaces): \(reason)",
        fix: mountFix, facts: facts)
    }
    facts.append(DoctorCheck.Fact("sandbox_mounts", "usable"))
    return DoctorCheck(
      name: name, status: .ok,
      detail: "\(label); user namespaces and the sandbox's mounts are usable", facts: facts)
  }

  /// Without bwrap: whether `unshare -U true` works.
  private static func userNamespaceTrial(environment: [String: String]) -> (
    usable: Bool, fact: String
  ) {
    guard
      let unshare = ExecutableSearch.find("unshare", path: environment["PATH"])
        ?? ["/usr/bin/unshare", "/bin/unshare"].first(where: {
          FileManager.default.isExecutableFile(atPath: $0)
        })
    else { return (false, "unknown (no `unshare` to try)") }
    let outcome = ProcessProbe.run(unshare, ["-U", trueProgram], environment: environment)
    if outcome.status == 0 { return (true, "usable") }
    let reason =
      outcome.firstLine.isEmpty ? "exit status \(outcome.status ?? -1)" : outcome.firstLine
    return (false, "not usable: \(reason)")
  }
}
