import Testing

// Keep closure literals out of `#expect` and `#require` inside a closure body (such as
// `withTemporaryDirectory { root in ... }`): no `.map { ... }`, `.allSatisfy { ... }`,
// `.contains(where:)`, or `#expect(throws:) { ... }` in the macro's argument. Swift 6.3.1
// can give such a closure the same discriminator as the next closure literal in the
// enclosing closure, which then silently runs the wrong body, so an assertion may pass or
// fail for the wrong reason. Compute the value into a `let` first
// (`let ok = items.allSatisfy { ... }; #expect(ok)`), use do/catch with `Issue.record`
// instead of `#expect(throws:)`, or assert at function level, where the bug does not occur.

/// Every black-box test of the `cairn` binary nests in this suite, so they run one at a
/// time: they spawn processes, share two cores with the build, and must never inherit one
/// another's pipes.
@Suite(.serialized)
enum CLITests {}
