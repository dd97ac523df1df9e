/// A whole file that cannot be read at all: missing, a directory, an unknown extension, not
/// UTF-8, a JSON or YAML syntax error, a JSON document that is neither an object nor an array
/// of objects, a YAML document that is not a mapping or a list of mappings, a CSV file without
/// a header row. The command line exits with status 2 on these.
public struct RecordFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path as the user gave it (or the display name for standard input).
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
