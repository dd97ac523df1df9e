/// A problem found in a source file or a case record, as a value.
public struct Diagnostic: Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable { case error, warning, note }

    public var severity: Severity
    /// A stable identifier for the kind of problem, e.g. `unknown-name`, `unit-mismatch`.
    public var id: String
    public var message: String
    public var range: SourceRange?
    /// Extra lines: suggestions ("did you mean 'mitoses'?"), witnesses.
    public var notes: [String]

    public init(_ severity: Severity, _ id: String, _ message: String, at range: SourceRange?, notes: [String] = []) {
        self.severity = severity
        self.id = id
        self.message = message
        self.range = range
        self.notes = notes
    }

    /// `file:line:col: error: message [id]`, the source line, a caret under the span, notes.
    public func rendered() -> String {
        var out = ""
        if let range {
            out += "\(range): \(severity.rawValue): \(message) [\(id)]\n"
            let (line, column) = range.file.location(of: range.span.start)
            let text = range.file.lineText(line)
            let endLoc = range.file.location(of: range.span.end)
            let width = endLoc.line == line ? max(1, endLoc.column - column) : max(1, text.count - column + 1)
            out += "  \(line) | \(text)\n"
            let gutter = String(repeating: " ", count: String(line).count)
            // Keep tabs in the padding so the caret lines up under tabbed source.
            let pad = String(text.prefix(column - 1).map { $0 == "\t" ? "\t" : " " })
            out += "  \(gutter) | \(pad)\(String(repeating: "^", count: width))\n"
        } else {
            out += "\(severity.rawValue): \(message) [\(id)]\n"
        }
        for note in notes { out += "  = \(note)\n" }
        return out
    }
}

/// Collects diagnostics from one pass.
public struct DiagnosticBag: Sendable {
    public private(set) var items: [Diagnostic] = []
    public init() {}
    public var hasErrors: Bool { items.contains { $0.severity == .error } }
    public mutating func add(_ d: Diagnostic) { items.append(d) }
    public mutating func append(contentsOf ds: [Diagnostic]) { items.append(contentsOf: ds) }
}
