import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A real terminal for end-to-end tests: a tmux server of its own (a private socket, no
/// user config) running one command in a window of a given size. Tests type with
/// `send`, read the screen with `capture`, and wait for a screen state with `waitFor`,
/// which wakes on the pane's own output (tmux `pipe-pane` into a FIFO), never on a timer.
public final class TmuxSession: @unchecked Sendable {
  public let socket: String
  private let fifoPath: String
  private let fifo: Int32
  private let directory: String
  /// Every byte the pane's program wrote since it started, as the wake-ups drained them.
  public private(set) var output: [UInt8] = []

  /// Starts `command` in a `columns`×`rows` window, in `directory`, with exactly
  /// `environment` (plus TERM).
  public init(
    _ command: [String], columns: Int, rows: Int, environment: [String: String],
    directory: String
  ) throws {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
      throw HarnessFailure("tmux is not installed: run tools/bootstrap (apt-get install tmux)")
    }
    socket = "cairn-test-" + UUID().uuidString.prefix(8).lowercased()
    self.directory = NSTemporaryDirectory() + socket
    try FileManager.default.createDirectory(
      atPath: self.directory, withIntermediateDirectories: true)
    fifoPath = self.directory + "/pane.fifo"
    guard mkfifo(fifoPath, 0o600) == 0 else {
      throw HarnessFailure("mkfifo \(fifoPath) failed: \(String(cString: strerror(errno)))")
    }
    fifo = open(fifoPath, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard fifo >= 0 else { throw HarnessFailure("cannot open \(fifoPath)") }
    var variables = environment
    variables["TERM"] = "xterm-256color"
    let assignments = variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    // The command starts only once the pane's output is piped, so none escapes the wake-ups.
    let gate = self.directory + "/gate.fifo"
    guard mkfifo(gate, 0o600) == 0 else { throw HarnessFailure("mkfifo \(gate) failed") }
    try tmux(
      [
        "-f", "/dev/null", "new-session", "-d", "-x", "\(columns)", "-y", "\(rows)", "-s", "main",
        "-c", directory, "env", "-i",
      ]
        + assignments
        // The shell stays the command's parent and writes its exit status, as a shell shows
        // it (128 + N for signal N): tmux can mark a pane dead before it knows the status.
        + ["sh", "-c", "read go < \"$0\"; \"$@\"; echo $? > \"$0.exit\"", gate]
        + command)
    try tmux(["set-option", "-g", "remain-on-exit", "on"])
    try tmux(["pipe-pane", "-t", "main", "-O", "cat > \(fifoPath)"])
    // Opening blocks until the shell opens its end to read; the line lets it go on.
    let opener = open(gate, O_WRONLY | O_CLOEXEC)
    guard opener >= 0 else { throw HarnessFailure("cannot open \(gate)") }
    var line: UInt8 = 10
    _ = write(opener, &line, 1)
    close(opener)
  }

  deinit {
    _ = try? tmux(["kill-server"])
    close(fifo)
    try? FileManager.default.removeItem(atPath: directory)
  }

  /// Types `text` literally (no key names).
  public func type(_ text: String) throws {
    try tmux(["send-keys", "-t", "main", "-l", text])
  }

  /// Presses keys by tmux name: `Enter`, `Escape`, `C-c`, `Up`, `y`…
  public func press(_ keys: String...) throws {
    try tmux(["send-keys", "-t", "main"] + keys)
  }

  /// The visible screen (`escapes`: with SGR codes; `history`: the scrollback too).
  public func capture(escapes: Bool = false, history: Bool = false) throws -> String {
    var arguments = ["capture-pane", "-p", "-t", "main"]
    if escapes { arguments.append("-e") }
    if history { arguments += ["-S", "-"] }
    return try tmux(arguments)
  }

  public func resize(columns: Int, rows: Int) throws {
    try tmux(["resize-window", "-t", "main", "-x", "\(columns)", "-y", "\(rows)"])
  }

  /// The command's exit status once it ended, nil while it runs.
  public func exitStatus() throws -> Int32? {
    guard let text = try? String(contentsOfFile: directory + "/gate.fifo.exit", encoding: .utf8),
      text.hasSuffix("\n")
    else { return nil }
    return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
  }

  /// The pids of the processes under the pane's shell named `name` (its command, e.g. the
  /// program started, or one it started in turn).
  public func processes(named name: String) throws -> [pid_t] {
    guard let root = try panePID() else { return [] }
    var found: [pid_t] = []
    var queue = [root]
    while let pid = queue.popLast() {
      let children =
        (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
      for child in children.split(separator: " ").compactMap({ pid_t($0) }) {
        queue.append(child)
        let command = (try? String(contentsOfFile: "/proc/\(child)/comm", encoding: .utf8)) ?? ""
        if command.trimmingCharacters(in: .whitespacesAndNewlines) == name { found.append(child) }
      }
    }
    return found
  }

  /// A tmux format variable of the pane, e.g. `alternate_on` or `cursor_flag`.
  public func flag(_ name: String) throws -> String {
    try tmux(["display-message", "-p", "-t", "main", "#{\(name)}"])
      .trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Everything the pane's program wrote so far (what `output` holds plus what is still in
  /// the pipe).
  public func drainedOutput() -> [UInt8] {
    drainOutput()
    return output
  }

  private func drainOutput() {
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = read(fifo, &buffer, buffer.count)
      guard count > 0 else { return }
      output += buffer[0..<count]
    }
  }

  /// Waits for the command to end and gives its exit status.
  public func waitForExit(withinSeconds seconds: Double = 20) throws -> Int32 {
    var status: Int32?
    var failure: Error?
    do {
      try waitFor("the program's exit", withinSeconds: seconds) { _ in
        do {
          status = try exitStatus()
        } catch {
          failure = error
        }
        return status != nil
      }
    } catch {
      throw HarnessFailure(
        "\(error)\n(the last status query: \(failure.map { "\($0)" } ?? "none"))")
    }
    return status ?? -1
  }

  /// The pid of the command in the pane.
  public func panePID() throws -> pid_t? {
    pid_t(
      try tmux(["display-message", "-p", "-t", "main", "#{pane_pid}"])
        .trimmingCharacters(in: .whitespacesAndNewlines))
  }

  /// Waits until `condition` holds for the screen (with scrollback when `history`), waking
  /// each time the pane writes; fails with the last screen after `seconds`.
  @discardableResult
  public func waitFor(
    _ what: String, history: Bool = false, withinSeconds seconds: Double = 20,
    _ condition: (String) -> Bool
  ) throws -> String {
    let deadline = Date().addingTimeInterval(seconds)
    var screen = try capture(history: history)
    while !condition(screen) {
      if try exitStatus() != nil {
        screen = try capture(history: history)
        if condition(screen) { return screen }
        throw HarnessFailure("the program ended before \(what); its screen:\n\(screen)")
      }
      let left = deadline.timeIntervalSinceNow
      guard left > 0 else {
        throw HarnessFailure(
          "timed out after \(seconds) s waiting for \(what); the screen:\n\(screen)")
      }
      var descriptor = pollfd(fd: fifo, events: Int16(POLLIN), revents: 0)
      // A pane that ends closes the FIFO's writer: POLLHUP, then the exit check above.
      _ = poll(&descriptor, 1, Int32(min(left, 1) * 1000))
      drainOutput()
      screen = try capture(history: history)
    }
    return screen
  }

  /// Waits until the screen contains `text`.
  @discardableResult
  public func waitFor(text: String, history: Bool = false, withinSeconds seconds: Double = 20)
    throws -> String
  {
    try waitFor("\"\(text)\" on screen", history: history, withinSeconds: seconds) {
      $0.contains(text)
    }
  }

  @discardableResult
  private func tmux(_ arguments: [String]) throws -> String {
    // posix_spawn and a waiter of our own: Foundation's Process, waiting for its child from
    // a test's task, was seen to hang with the child a zombie.
    let process = try SpawnedProcess(
      ["/usr/bin/tmux", "-L", socket] + arguments,
      environment: ProcessInfo.processInfo.environment)
    let status = try process.waitForExit(withinSeconds: 30, what: "tmux \(arguments.first ?? "")")
    guard status == 0 else {
      throw HarnessFailure(
        "tmux \(arguments.joined(separator: " ")) failed (\(status)): \(process.stderr)")
    }
    return String(decoding: process.stdout, as: UTF8.self)
  }

}
