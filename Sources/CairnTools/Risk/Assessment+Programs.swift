import CairnCore

/// The rules per program. Read-only programs are safe; everything unknown is risky.
extension Assessment {
  /// Programs that only read, whatever their options and arguments (none of their options
  /// writes a file or runs another program), so computed arguments are harmless too.
  static let readOnlyPrograms: Set<String> = [
    ":", "[", "arch", "b2sum", "basename", "cat", "cd", "cksum", "cmp", "column", "comm", "cut",
    "df", "diff", "dirname", "du", "echo", "egrep", "expr", "false", "fgrep", "fold", "free",
    "getconf", "grep", "groups", "head", "hexdump", "id", "jq", "locale", "ls", "md5sum", "nl",
    "nproc", "numfmt", "od", "paste", "pgrep", "printenv", "printf", "ps", "pwd", "readlink",
    "realpath", "rev", "seq", "sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum",
    "sleep", "stat", "strings", "tac", "tail", "test", "tr", "true", "tty", "type", "uname",
    "uptime", "wc", "which", "whoami", "yes",
  ]
  static let networkPrograms: Set<String> = [
    "curl", "wget", "fetch", "aria2c", "http", "ssh", "scp", "sftp", "rsync", "nc", "ncat",
    "netcat", "socat", "telnet", "ftp", "ping", "dig", "nslookup", "host", "whois",
  ]
  static let packageManagers: Set<String> = [
    "apt", "apt-get", "aptitude", "dpkg", "snap", "yum", "dnf", "pacman", "apk", "zypper",
    "brew", "port", "pip", "pip3", "pipx", "uv", "poetry", "conda", "npm", "npx", "pnpm", "yarn",
    "bun", "gem", "bundle", "cargo", "go", "composer", "swift", "rustup", "nvm", "deno",
  ]
  static let buildTools: Set<String> = [
    "make", "cmake", "ninja", "gcc", "g++", "cc", "c++", "clang", "clang++", "swiftc", "rustc",
    "javac", "mvn", "gradle", "bazel", "xcodebuild",
  ]
  static let fileWriters: Set<String> = [
    "mv", "cp", "ln", "mkdir", "touch", "tee", "truncate", "install", "patch", "tar", "zip",
    "unzip", "gzip", "gunzip", "bzip2", "xz", "7z", "rmdir", "unlink", "mktemp", "split",
  ]
  static let shells: Set<String> = ["bash", "sh", "zsh", "dash", "ksh", "mksh", "fish", "yash"]
  static let interpreters: Set<String> = [
    "python", "python2", "python3", "node", "nodejs", "perl", "ruby", "php", "lua", "awk",
    "gawk", "mawk", "nawk", "Rscript", "tclsh", "osascript",
  ]
  static let diskDestroyers: Set<String> = [
    "mkfs", "mke2fs", "mkswap", "fdisk", "sfdisk", "cfdisk", "parted", "gdisk", "sgdisk",
    "wipefs", "blkdiscard", "shred",
  ]

  mutating func addProgram(
    _ name: String, arguments: [ShellScript.Word], pipedFromFetcher: Bool, depth: Int
  ) {
    if Self.readOnlyPrograms.contains(name) { return }
    let texts = arguments.map(\.text)
    switch name {
    case "find", "rg", "sed", "sort", "uniq", "date", "hostname", "tree", "file", "env",
      "command", "git":
      if arguments.contains(where: { !$0.isLiteral || $0.hasGlob }) {
        add(.risky, "passes \(name) arguments whose value is known only when it runs")
      }
      addCheckedProgram(name, arguments: arguments, depth: depth)
    case "sudo", "doas", "pkexec", "su", "run0":
      add(.dangerous, "runs as another user, usually root (\(name))")
      addWrapped(
        arguments, skippingValuesOf: ["-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U"],
        depth: depth)
    case "rm":
      let options = texts.prefix { $0 != "--" }.filter { $0.hasPrefix("-") }
      let forceful = options.contains { option in
        ["--recursive", "--force", "--no-preserve-root"].contains(option)
          || (!option.hasPrefix("--")
            && option.contains { $0 == "r" || $0 == "R" || $0 == "f" })
      }
      if forceful {
        add(
          .dangerous,
          "deletes files recursively or without asking (rm \(options.joined(separator: " ")))")
      } else {
        add(.risky, "deletes files (rm)")
      }
    case "dd":
      add(.dangerous, "writes raw blocks to files or devices (dd)")
    case "chmod", "chown", "chgrp":
      if texts.contains(where: {
        $0 == "--recursive" || ($0.hasPrefix("-") && !$0.hasPrefix("--") && $0.contains("R"))
      }) {
        add(.dangerous, "changes permissions or ownership recursively (\(name) -R)")
      } else {
        add(.risky, "changes permissions or ownership (\(name))")
      }
    case "shutdown", "reboot", "halt", "poweroff":
      add(.dangerous, "shuts down or restarts the machine (\(name))")
    case "systemctl":
      if texts.contains(where: { ["poweroff", "reboot", "halt", "kexec"].contains($0) }) {
        add(.dangerous, "shuts down or restarts the machine (systemctl)")
      } else {
        add(.risky, "manages system services (systemctl)")
      }
    case "kill", "pkill", "killall":
      if name == "kill" && texts.contains("-1") && texts.first != "-1" {
        add(.dangerous, "signals every process the user owns (kill … -1)")
      } else {
        add(.risky, "sends signals to processes (\(name))")
      }
    case "crontab":
      add(texts.contains("-r") ? .dangerous : .risky, "changes scheduled jobs (crontab)")
    case "xargs":
      add(.risky, "runs a command on arguments read from its input (xargs)")
      addWrapped(
        arguments, skippingValuesOf: ["-I", "-n", "-P", "-d", "-L", "-s", "-a", "-E", "-i"],
        depth: depth)
    case "time", "nice", "timeout", "exec":
      addWrapped(
        arguments, skippingValuesOf: ["-n", "-s", "-k", "--signal", "--kill-after"],
        skippingFirstPositional: name == "timeout", depth: depth)
    case "nohup", "stdbuf", "ionice", "chrt", "taskset", "setsid", "unbuffer", "watch":
      add(.risky, "runs another command (\(name))")
      addWrapped(arguments, skippingValuesOf: ["-n", "-c", "-p", "-o", "-e", "-i"], depth: depth)
    case "eval":
      add(.risky, "evaluates shell code (eval)")
      if arguments.allSatisfy(\.isLiteral) {
        addScript(texts.joined(separator: " "), depth: depth + 1)
      }
    case "source", ".":
      add(.risky, "runs a script in the current shell (\(name))")
    default:
      addOtherProgram(name, arguments: arguments, pipedFromFetcher: pipedFromFetcher, depth: depth)
    }
  }

  private mutating func addOtherProgram(
    _ name: String, arguments: [ShellScript.Word], pipedFromFetcher: Bool, depth: Int
  ) {
    let base = name.split(separator: ".").first.map(String.init) ?? name
    if Self.shells.contains(name) {
      addShell(name, arguments: arguments, pipedFromFetcher: pipedFromFetcher, depth: depth)
    } else if Self.interpreters.contains(name) || name.hasPrefix("python3.") {
      let readsInput = !arguments.contains { !$0.text.hasPrefix("-") }
      if pipedFromFetcher && readsInput {
        add(.dangerous, "pipes downloaded content into an interpreter (… | \(name))")
      }
      add(.risky, "runs an interpreter that can do anything (\(name))")
    } else if Self.diskDestroyers.contains(base) {
      add(.dangerous, "formats, partitions or erases disks or files (\(name))")
    } else if Self.networkPrograms.contains(name) {
      add(.risky, "uses the network (\(name))")
      if name == "rsync" || name == "scp" { add(.risky, "writes or changes files (\(name))") }
    } else if Self.packageManagers.contains(name) {
      add(.risky, "installs packages or runs project code (\(name))")
    } else if Self.buildTools.contains(name) {
      add(.risky, "builds code, writing files and running build scripts (\(name))")
    } else if Self.fileWriters.contains(name) {
      add(.risky, "writes or changes files (\(name))")
    } else {
      add(.risky, "\(name) is not a known read-only command")
    }
  }

  /// `bash -c SCRIPT` is the script; `bash FILE` runs a file; a bare `bash` runs its input.
  private mutating func addShell(
    _ name: String, arguments: [ShellScript.Word], pipedFromFetcher: Bool, depth: Int
  ) {
    var index = 0
    var takesScript = false
    while index < arguments.count, arguments[index].isLiteral,
      arguments[index].text.hasPrefix("-") || arguments[index].text.hasPrefix("+")
    {
      let option = arguments[index].text
      if option == "--" {
        index += 1
        break
      }
      if !option.hasPrefix("--") && option.dropFirst().contains("c") { takesScript = true }
      if option == "-o" || option == "+o" || option == "-O" || option == "+O" { index += 1 }
      index += 1
    }
    let positional = index < arguments.count ? arguments[index] : nil
    let downloads =
      positional.map { word in
        word.substitutions.contains { substitution in
          ShellScript.parse(substitution).commands.contains { command in
            command.words.first.map { Self.fetchers.contains(Self.programName($0.text)) } ?? false
          }
        }
      } ?? false
    if downloads {
      add(.dangerous, "runs downloaded code in a shell (\(name) … $(curl …))")
    }
    guard let positional else {
      if pipedFromFetcher {
        add(.dangerous, "pipes downloaded content into a shell (curl … | \(name))")
      } else if takesScript {
        add(.risky, "runs \(name) -c without a script")
      } else {
        add(.risky, "runs a shell reading commands from its input (\(name))")
      }
      return
    }
    if takesScript {
      if positional.isLiteral {
        addScript(positional.text, depth: depth + 1)
      } else {
        add(.risky, "runs shell code built when it runs (\(name) -c)")
      }
    } else {
      add(.risky, "runs a shell script (\(name) \(positional.text))")
    }
  }

  /// The command a wrapper (`sudo`, `xargs`, `timeout` …) runs: the words after its own
  /// options (and the values of those in `skippingValuesOf`).
  mutating func addWrapped(
    _ arguments: [ShellScript.Word], skippingValuesOf valued: Set<String>,
    skippingFirstPositional: Bool = false, depth: Int
  ) {
    var index = 0
    while index < arguments.count, arguments[index].text.hasPrefix("-") {
      if arguments[index].text == "--" {
        index += 1
        break
      }
      index += valued.contains(arguments[index].text) ? 2 : 1
    }
    if skippingFirstPositional { index += 1 }
    guard index < arguments.count else { return }
    guard depth < CommandRisk.nestingMax else {
      add(.risky, "nests shells or substitutions too deeply to analyse")
      return
    }
    addCommand(
      words: Array(arguments[index...]), pipedFromFetcher: false, depth: depth + 1)
  }
}
