/// One layer of the effective config: a table and where it came from.
public struct ConfigLayer: Sendable {
  public var source: ConfigSource
  public var table: ConfigTable
  /// The file the layer was read from, for positions of its keys.
  public var file: ConfigFile?
  /// The path of the layer's table inside the file (`profiles.work` for a legacy table).
  public var prefixInFile: ConfigKeyPath

  public init(
    source: ConfigSource, table: ConfigTable, file: ConfigFile? = nil,
    prefixInFile: ConfigKeyPath = .root
  ) {
    self.source = source
    self.table = table
    self.file = file
    self.prefixInFile = prefixInFile
  }

  /// Where the key at `path` (relative to the layer) is written, when the layer is a file.
  public func position(of path: ConfigKeyPath) -> SourcePosition? {
    file?.valuePosition(of: ConfigKeyPath(prefixInFile.segments + path.segments))
  }
}

/// One leaf of the effective config: a scalar, an array or an empty table, with the layer
/// that set it.
public struct ConfigLeaf: Equatable, Sendable {
  public var path: ConfigKeyPath
  public var value: ConfigValue
  public var source: ConfigSource
  /// Where the value is written, when it comes from a file.
  public var position: SourcePosition?
}

/// A key the schema does not know, kept in the effective config and reported.
public struct UnknownConfigKey: Equatable, Sendable {
  public var path: ConfigKeyPath
  public var source: ConfigSource
  public var position: SourcePosition?
}
