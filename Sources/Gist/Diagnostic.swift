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
    public func rendered() -> String { rendered(highlight: { text, _ in text }) }

    /// The parts of a rendered diagnostic a front end may style (colour on a terminal).
    public enum Highlight: Sendable, Hashable {
        /// The severity word: `error`, `warning` or `note`.
        case severity(Severity)
        /// The whole run of carets under the span.
        case caret
    }

    /// The one renderer of diagnostics, for every front end (`gist check`, the REPL, a
    /// language server's hover text): `highlight` wraps the parts it names, e.g. in terminal
    /// colours; the text is otherwise the same everywhere.
    public func rendered(highlight: (String, Highlight) -> String) -> String {
        var out = ""
        let sev = highlight(severity.rawValue, .severity(severity))
        if let range {
            out += "\(range): \(sev): \(message) [\(id)]\n"
            let (line, column) = range.file.location(of: range.span.start)
            let text = range.file.lineText(line)
            let endLoc = range.file.location(of: range.span.end)
            let fullWidth = endLoc.line == line ? max(1, endLoc.column - column) : max(1, text.count - column + 1)
            let (shown, shownColumn, width) = Diagnostic.shownLine(text, column: column, width: fullWidth)
            out += "  \(line) | \(shown)\n"
            let gutter = String(repeating: " ", count: String(line).count)
            // Keep tabs in the padding so the caret lines up under tabbed source.
            let pad = String(shown.prefix(shownColumn - 1).map { $0 == "\t" ? "\t" : " " })
            out += "  \(gutter) | \(pad)\(highlight(String(repeating: "^", count: width), .caret))\n"
        } else {
            out += "\(sev): \(message) [\(id)]\n"
        }
        for note in notes { out += "  = \(note)\n" }
        return out
    }
}

extension Diagnostic {
    /// Longest source line (in characters) shown whole under a diagnostic.
    public static let maxShownLine = 200
    /// Characters shown of a longer line, around the start of the span.
    static let shownWindow = 160

    /// The source line as shown under a diagnostic, with the caret's column and width in it:
    /// control characters become visible symbols (U+2400…), and a line longer than
    /// `maxShownLine` is cut to a window around the column, with "…" where it was cut.
    static func shownLine(_ text: String, column: Int, width: Int) -> (text: String, column: Int, width: Int) {
        var chars = text.map { ch -> Character in
            guard ch.unicodeScalars.count == 1, let v = ch.unicodeScalars.first?.value,
                  (v < 0x20 && v != 0x09) || v == 0x7F else { return ch }
            return Character(Unicode.Scalar(v == 0x7F ? 0x2421 : 0x2400 + v) ?? "\u{FFFD}")
        }
        guard chars.count > maxShownLine else { return (String(chars), column, width) }
        let at = max(0, min(column - 1, chars.count))
        let start = max(0, min(at - shownWindow / 3, chars.count - shownWindow))
        let end = min(chars.count, start + shownWindow), total = chars.count
        chars = Array(chars[start..<end])
        var shownColumn = at - start + 1
        if start > 0 { chars.insert("…", at: 0); shownColumn += 1 }
        if end < total { chars.append("…") }
        return (String(chars), shownColumn, max(1, min(width, end - at)))
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
