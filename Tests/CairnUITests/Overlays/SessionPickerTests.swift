import CairnUI
import Testing

@Suite struct SessionPickerTests {
  static let now: Int64 = 1_800_000_000 * paneSecond
  static let rows = [
    SessionPickerRow(
      id: "a", updatedAt: now - 26 * paneSecond, createdAt: now - 60 * paneSecond,
      cwd: "/home/user/work", firstMessage: "hello there"),
    SessionPickerRow(
      id: "b", updatedAt: now - 54 * paneSecond, createdAt: now - 70 * paneSecond,
      cwd: "/home/user/work", firstMessage: "hello there"),
    SessionPickerRow(
      id: "c", updatedAt: now - 150 * paneSecond, createdAt: now - 300 * paneSecond,
      cwd: "/home/user/work",
      firstMessage:
        "Please summarize the README\nsecond line of the prompt\nthird line: keep it short"),
    SessionPickerRow(
      id: "d", updatedAt: now - 160 * paneSecond, createdAt: now - 360 * paneSecond,
      cwd: "/home/user/work",
      firstMessage:
        "Please summarize the README\nsecond line of the prompt\nthird line: keep it short"),
    SessionPickerRow(
      id: "e", updatedAt: now - 3 * 86_400 * paneSecond, createdAt: now - 4 * 86_400 * paneSecond,
      cwd: "/elsewhere", firstMessage: "elsewhere", title: "A titled session"),
  ]

  @Test func snapshotsAtEverySize() {
    let listed = SessionPicker.arrange(
      Self.rows, query: "", sort: .updated, filter: .cwd, cwd: "/home/user/work")
    for size in PaneSizes.sizes {
      let name = "\(size.columns)x\(size.rows)"
      assertFrameSnapshot(
        SessionPicker.frame(
          rows: listed, query: "", selection: 0, sort: .updated, filter: .cwd, size: size,
          now: Self.now),
        named: "resume-\(name)")
      let searched = SessionPicker.arrange(
        Self.rows, query: "READ", sort: .updated, filter: .cwd, cwd: "/home/user/work")
      assertFrameSnapshot(
        SessionPicker.frame(
          rows: searched, query: "READ", selection: 1, sort: .updated, filter: .cwd, size: size,
          now: Self.now),
        named: "resume-search-\(name)")
      let created = SessionPicker.arrange(
        Self.rows, query: "", sort: .created, filter: .all, cwd: "/home/user/work")
      assertFrameSnapshot(
        SessionPicker.frame(
          rows: created, query: "", selection: 2, sort: .created, filter: .all, size: size,
          now: Self.now, action: .fork, focus: .sort),
        named: "fork-created-all-\(name)")
      assertFrameSnapshot(
        SessionPicker.frame(
          rows: [], query: "", selection: 0, sort: .updated, filter: .cwd, size: size, now: Self.now
        ),
        named: "empty-\(name)")
    }
  }

  @Test func theFrameReadsLikeCodexs() {
    let listed = SessionPicker.arrange(
      Self.rows, query: "", sort: .updated, filter: .cwd, cwd: "/home/user/work")
    let frame = SessionPicker.frame(
      rows: listed, query: "", selection: 0, sort: .updated, filter: .cwd,
      size: OverlaySize(columns: 80, rows: 24), now: Self.now)
    let text = frame.plainText.split(separator: "\n", omittingEmptySubsequences: false).map(
      String.init)
    #expect(text[0] == " Resume a previous session")
    #expect(
      text[2] == " Type to search                   Filter: [Cwd] All    Sort: [Updated] Created")
    #expect(text[4] == "  ❯ 26s ago     hello there")
    #expect(text[5] == "    54s ago     hello there")
    #expect(
      text[6] == "    2m ago      Please summarize the READMEsecond line of the promptthir...")
    #expect(text[20] == String(repeating: "─", count: 65) + " 1 / 4 · 100% ─")
    #expect(text[21] == " enter resume   esc new   ctrl+c quit   tab focus   ←/→ option")
    #expect(text[22] == " ctrl+o comfy   ctrl+t preview   ctrl+e exp   ↑/↓ browse")
    #expect(frame[4, 2].style == Style.bold.foreground(.yellow))
    #expect(frame[4, 4].style == Style.dim.foreground(.yellow))
    #expect(frame[2, 42].style == Style.plain.foreground(.magenta))
  }

  @Test func arrangeFiltersSearchesAndSorts() {
    let cwd = SessionPicker.arrange(
      Self.rows, query: "", sort: .updated, filter: .cwd, cwd: "/home/user/work")
    #expect(cwd.map(\.id) == ["a", "b", "c", "d"])
    let all = SessionPicker.arrange(
      Self.rows, query: "", sort: .updated, filter: .all, cwd: "/home/user/work")
    #expect(all.map(\.id) == ["a", "b", "c", "d", "e"])
    let search = SessionPicker.arrange(
      Self.rows, query: "read", sort: .updated, filter: .all, cwd: "/")
    #expect(search.map(\.id) == ["c", "d"])
    let titled = SessionPicker.arrange(
      Self.rows, query: "TITLED", sort: .updated, filter: .all, cwd: "/")
    #expect(titled.map(\.id) == ["e"])
    let created = SessionPicker.arrange(
      Self.rows, query: "", sort: .created, filter: .all, cwd: "/")
    #expect(created.map(\.id) == ["a", "b", "c", "d", "e"])
    var tied = Self.rows
    tied[0].updatedAt = tied[1].updatedAt
    #expect(
      SessionPicker.arrange(tied, query: "", sort: .updated, filter: .all, cwd: "").map(\.id)
        .prefix(2) == ["a", "b"])
  }

  @Test func multiLineFirstMessagesAreJoinedAndTitlesWin() {
    #expect(
      Self.rows[2].preview
        == "Please summarize the READMEsecond line of the promptthird line: keep it short")
    #expect(Self.rows[4].preview == "A titled session")
  }

  @Test func agesReadLikeCodexs() {
    #expect(RelativeAge.text(from: 0, to: 26 * paneSecond) == "26s ago")
    #expect(RelativeAge.text(from: 0, to: 59 * paneSecond) == "59s ago")
    #expect(RelativeAge.text(from: 0, to: 60 * paneSecond) == "1m ago")
    #expect(RelativeAge.text(from: 0, to: 3599 * paneSecond) == "59m ago")
    #expect(RelativeAge.text(from: 0, to: 3600 * paneSecond) == "1h ago")
    #expect(RelativeAge.text(from: 0, to: 86_400 * paneSecond) == "1d ago")
    #expect(RelativeAge.text(from: 10 * paneSecond, to: 0) == "0s ago")
  }

  @Test func theListScrollsToKeepTheSelectionVisible() {
    let many = (0..<40).map { index in
      SessionPickerRow(
        id: "s\(index)", updatedAt: Self.now - Int64(index) * 60 * paneSecond, createdAt: 0,
        cwd: "/", firstMessage: "session \(index)")
    }
    let size = OverlaySize(columns: 80, rows: 24)
    #expect(SessionPicker.listRows(size: size) == 16)
    #expect(SessionPicker.windowStart(selection: 15, count: 40, size: size) == 0)
    #expect(SessionPicker.windowStart(selection: 16, count: 40, size: size) == 1)
    let frame = SessionPicker.frame(
      rows: many, query: "", selection: 39, sort: .updated, filter: .all, size: size, now: Self.now)
    let text = frame.plainText.split(separator: "\n", omittingEmptySubsequences: false).map(
      String.init)
    #expect(text[4].hasSuffix("session 24"))
    #expect(text[19] == "  ❯ 39m ago     session 39")
    #expect(text[20].hasSuffix(" 40 / 40 · 100% ─"))
    let top = SessionPicker.frame(
      rows: many, query: "", selection: 0, sort: .updated, filter: .all, size: size, now: Self.now)
    #expect(top.plainText.contains(" 1 / 40 · 40% ─"))
  }

  @Test func theForkVariantAndTheSearchLine() {
    let frame = SessionPicker.frame(
      rows: Self.rows, query: "hel", selection: 0, sort: .created, filter: .all,
      size: OverlaySize(columns: 120, rows: 40), now: Self.now, action: .fork, focus: .sort)
    let text = frame.plainText.split(separator: "\n", omittingEmptySubsequences: false).map(
      String.init)
    #expect(text[0] == " Fork a previous session")
    #expect(text[2].hasPrefix(" Search: hel "))
    #expect(text[2].hasSuffix("Filter:  Cwd [All]   Sort:  Updated [Created]"))
    #expect(text[37].hasPrefix(" enter fork   esc clear   ctrl+c quit   tab focus sort/filter"))
  }
}
