/// A problem found in a source file or a case record, as a value.
public struct Diagnostic: Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable { case error, warning, note }

    /// What kind of problem: its stable id, its severity, whether a pragma may silence it.
    public var kind: DiagnosticID
    public var message: String
    public var range: SourceRange?
    /// Extra lines: suggestions ("did you mean 'mitoses'?"), witnesses, regions.
    public var notes: [Note]

    public var severity: Severity { kind.severity }
    /// The stable identifier of the kind of problem, e.g. `unknown-name`, `unit-mismatch`.
    public var id: String { kind.rawValue }

    public init(_ kind: DiagnosticID, _ message: String, at range: SourceRange?, notes: [Note] = []) {
        self.kind = kind
        self.message = message
        self.range = range
        self.notes = notes
    }

    /// A line under a diagnostic, by what it says; `text` is how it is printed.
    public enum Note: Sendable, Hashable, ExpressibleByStringInterpolation {
        /// A suggestion or an explanation ("did you mean 'mitoses'?").
        case text(String)
        /// A concrete case showing the problem, written as a script `case` statement.
        case witness(String)
        /// A region of the input space where the problem holds.
        case region(String)
        /// Another place in the source the problem involves.
        case related(String, SourceRange)

        public init(stringLiteral text: String) { self = .text(text) }

        /// The case statement of a witness note.
        public var witness: String? { if case .witness(let s) = self { s } else { nil } }
        /// The description of a region note.
        public var region: String? { if case .region(let s) = self { s } else { nil } }

        public var text: String {
            switch self {
            case .text(let s), .related(let s, _): s
            case .witness(let s): "witness: " + s
            case .region(let s): "region: " + s
            }
        }
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
        for note in notes { out += "  = \(note.text)\n" }
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
