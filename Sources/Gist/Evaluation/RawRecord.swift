/// A case record as read from a file, before it is checked against a guideline.
///
/// Readers for JSON, JSON Lines, YAML and CSV (in GistIO) produce these; the core binds them
/// to a guideline's inputs (`CaseBinder`). Keeping this format-neutral keeps file formats out
/// of the language core.
public indirect enum RawValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([RawValue])
    /// A nested object; not valid as an input value, kept so the binder can say so.
    case object([(String, RawValue)])

    public static func == (a: RawValue, b: RawValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y || (x.isNaN && y.isNaN)
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }
}

/// Where a record came from: the file, its 1-based number in the file, and its line if the
/// format has lines.
public struct RecordLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var record: Int
    public var line: Int?

    public init(file: String, record: Int, line: Int? = nil) {
        self.file = file
        self.record = record
        self.line = line
    }

    public var description: String {
        if let line { return "\(file):\(line): record \(record)" }
        return "\(file): record \(record)"
    }
}

/// One record: its fields in file order (duplicates kept, so the binder can report them).
public struct RawRecord: Sendable, Equatable {
    public var fields: [(name: String, value: RawValue)]
    public var location: RecordLocation

    public init(fields: [(name: String, value: RawValue)], location: RecordLocation) {
        self.fields = fields
        self.location = location
    }

    public static func == (a: RawRecord, b: RawRecord) -> Bool {
        a.location == b.location && a.fields.count == b.fields.count
            && zip(a.fields, b.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}

/// A record a reader could not parse at all (bad JSON on one line, a CSV row with the wrong
/// number of fields): reported, counted, and the reader goes on with the next record.
public struct RecordError: Error, Sendable, Equatable, CustomStringConvertible {
    public var location: RecordLocation
    public var message: String

    public init(location: RecordLocation, message: String) {
        self.location = location
        self.message = message
    }

    /// Messages quote the record's values, which may hold anything: control characters are
    /// shown escaped.
    public var description: String { "\(location): \(message)".escapingControlCharacters }
}
