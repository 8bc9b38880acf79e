import CairnTools
import Testing

@Suite("unified diffs of recorded changes")
struct UnifiedDiffTests {
  static func diff(_ old: String?, _ new: String?) -> String {
    UnifiedDiff.render(
      old: old.map { Array($0.utf8) }, new: new.map { Array($0.utf8) }, oldName: "a/f",
      newName: "b/f")
  }

  @Test func oneChangedLineWithContext() {
    #expect(
      Self.diff("1\n2\n3\n4\n5\n", "1\n2\nthree\n4\n5\n")
        == "--- a/f\n+++ b/f\n@@ -1,5 +1,5 @@\n 1\n 2\n-3\n+three\n 4\n 5\n")
  }

  @Test func changesFarApartAreSeparateHunks() {
    let old = (1...20).map { "\($0)\n" }.joined()
    let new = old.replacingOccurrences(of: "2\n3\n", with: "2\nthree\n")
      .replacingOccurrences(of: "\n18\n", with: "\neighteen\n")
    #expect(
      Self.diff(old, new)
        == "--- a/f\n+++ b/f\n@@ -1,6 +1,6 @@\n 1\n 2\n-3\n+three\n 4\n 5\n 6\n"
        + "@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+eighteen\n 19\n 20\n")
  }

  @Test func anAddedAndADeletedFile() {
    #expect(Self.diff(nil, "x\ny\n") == "--- /dev/null\n+++ b/f\n@@ -0,0 +1,2 @@\n+x\n+y\n")
    #expect(Self.diff("x\n", nil) == "--- a/f\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n")
  }

  @Test func aMissingFinalNewlineIsShown() {
    #expect(
      Self.diff("a\nb", "a\nb\n")
        == "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n")
  }

  @Test func equalContentsHaveNoDiffAndBinaryOnesSaySo() {
    #expect(Self.diff("same\n", "same\n") == "")
    #expect(
      UnifiedDiff.render(old: [0xFF], new: [0xFE], oldName: "x", newName: "x")
        == "--- x\n+++ x\nBinary files differ\n")
  }

  @Test func insertionsAndRemovalsInterleave() {
    #expect(
      Self.diff("a\nb\nc\n", "b\nc\nd\n")
        == "--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n-a\n b\n c\n+d\n")
  }
}
