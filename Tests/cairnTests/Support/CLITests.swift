import Testing

/// Every black-box test of the `cairn` binary nests in this suite, so they run one at a
/// time: they spawn processes, share two cores with the build, and must never inherit one
/// another's pipes.
@Suite(.serialized)
enum CLITests {}
