/// The case-record file formats gist reads.
public enum RecordFormat: String, Sendable, CaseIterable {
    /// One JSON object, or a JSON array of objects.
    case json
    /// JSON Lines: one JSON object per non-blank line.
    case jsonl
    /// YAML: a list of mappings, or one mapping (several `---` documents are concatenated).
    case yaml
    /// CSV with a header row; every value is a string (or null when empty).
    case csv

    /// The file extensions (lower case, without the dot) that select each format.
    public var fileExtensions: [String] {
        switch self {
        case .json: return ["json"]
        case .jsonl: return ["jsonl", "ndjson"]
        case .yaml: return ["yaml", "yml"]
        case .csv: return ["csv"]
        }
    }

    /// The format for a path, by its extension: `.json`, `.jsonl`/`.ndjson`, `.yaml`/`.yml`,
    /// `.csv` (case-insensitive); nil for any other extension or none.
    public init?(path: String) {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        // A leading dot names a hidden file, not an extension (".json" has none).
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let ext = name[name.index(after: dot)...].lowercased()
        guard let format = RecordFormat.allCases.first(where: { $0.fileExtensions.contains(ext) }) else {
            return nil
        }
        self = format
    }
}
