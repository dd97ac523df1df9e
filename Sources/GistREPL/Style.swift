import Gist

/// Terminal styling, or none: the REPL styles only when writing to a terminal with colour
/// allowed (no NO_COLOR, not TERM=dumb, not piped); otherwise every method returns its text.
public struct Style {
    let color: Bool

    public init(color: Bool) { self.color = color }

    enum Code: String { case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", blue = "34", cyan = "36" }

    func apply(_ s: String, _ codes: Code...) -> String {
        guard color, !codes.isEmpty else { return s }
        return "\u{1B}[" + codes.map(\.rawValue).joined(separator: ";") + "m" + s + "\u{1B}[0m"
    }

    /// A diagnostic as every front end prints it (`Diagnostic.rendered`), with the severity
    /// and the carets coloured: errors red, warnings yellow, notes cyan. `gist check` uses this too.
    public func diagnostic(_ d: Diagnostic) -> String {
        d.rendered { text, part in
            switch part {
            case .severity(.error): apply(text, .bold, .red)
            case .severity(.warning): apply(text, .bold, .yellow)
            case .severity(.note): apply(text, .bold, .cyan)
            case .caret: apply(text, .green)
            }
        }
    }

    /// A prompt for libedit: escape sequences bracketed by \u{1} so they do not count as width.
    func prompt(_ s: String) -> String {
        guard color else { return s }
        return "\u{1}\u{1B}[1;34m\u{1}" + s + "\u{1}\u{1B}[0m\u{1}"
    }
}
