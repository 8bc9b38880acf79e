import CairnCodex
import CairnCore
import CairnDoctor
import Testing

/// The verdict, the JSON shape and the human rendering.
@Suite struct DoctorReportTests {
  let report = DoctorReport(checks: [
    DoctorCheck(
      name: "a.one", status: .ok, detail: "fine",
      facts: [DoctorCheck.Fact("free_bytes", .uint(2048))]),
    DoctorCheck(name: "b.two", status: .warning, detail: "meh", fix: "do this"),
    DoctorCheck(
      name: "c.three", status: .failed, detail: "broken", fix: "repair it",
      findings: (1...7).map {
        DoctorCheck.Finding(text: "item \($0)", members: [("n", .int(Int64($0)))])
      }),
  ])

  @Test func failedMeansNotOK() {
    #expect(!report.ok)
    #expect(DoctorReport(checks: Array(report.checks.prefix(2))).ok)
  }

  @Test func jsonShape() {
    let expected =
      #"{"checks":[{"name":"a.one","status":"ok","detail":"fine","facts":{"free_bytes":2048},"#
      + #""findings":[]},{"name":"b.two","status":"warning","detail":"meh","fix":"do this","#
      + #""facts":{},"findings":[]},{"name":"c.three","status":"failed","detail":"broken","#
      + #""fix":"repair it","facts":{},"findings":["#
      + (1...7).map { #"{"message":"item \#($0)","n":\#($0)}"# }.joined(separator: ",")
      + #"]}],"ok":false,"counts":{"ok":1,"warning":1,"failed":1}}"#
    #expect(report.jsonValue.text == expected)
  }

  @Test func asciiRendering() {
    let text = DoctorTextRenderer(ascii: true).render(report, title: "cairn doctor")
    #expect(
      text == """
        cairn doctor

        [ok] a.one    fine
                      free bytes  2.0 KiB
        [!!] b.two    meh
                      fix: do this
        [XX] c.three  broken
                      - item 1
                      - item 2
                      - item 3
                      - item 4
                      - item 5
                      … and 2 more (--all shows them)
                      fix: repair it

        1 ok, 1 warning, 1 failed

        """)
  }

  @Test func summaryRendering() {
    let text = DoctorTextRenderer(summary: true, all: true).render(report, title: "t")
    #expect(
      text == """
        t

        ✓ a.one    fine
        ! b.two    meh — do this
        ✗ c.three  broken — repair it

        1 ok, 1 warning, 1 failed

        """)
  }

  @Test func allShowsEveryFinding() {
    let text = DoctorTextRenderer(all: true).render(report, title: "t")
    #expect(text.contains("• item 7"))
    #expect(!text.contains("more (--all"))
  }

  @Test func colourOnlyWhenAsked() {
    let plain = DoctorTextRenderer().render(report, title: "t")
    #expect(!plain.contains("\u{1B}["))
    let coloured = DoctorTextRenderer(color: true).render(report, title: "t")
    #expect(coloured.contains("\u{1B}[31m✗\u{1B}[0m c.three"))
  }
}
