import Gist

/// Terminal styling, or none: the REPL styles only when writing to a terminal with colour
/// allowed (no NO_COLOR, not TERM=dumb, not piped); otherwise every method returns its text.
struct Style {
    let color: Bool

    enum Code: String { case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", blue = "34", cyan = "36" }

    func apply(_ s: String, _ codes: Code...) -> String {
        guard color, !codes.isEmpty else { return s }
        return "\u{1B}[" + codes.map(\.rawValue).joined(separator: ";") + "m" + s + "\u{1B}[0m"
    }

    /// A diagnostic as `gist check` prints it, with the severity and caret coloured.
    func diagnostic(_ d: Diagnostic) -> String {
        let text = d.rendered()
        guard color else { return text }
        let sev = d.severity == .error ? apply("error", .bold, .red) : apply(d.severity.rawValue, .bold, .yellow)
        var out = text
        if let r = out.firstRange(of: ": \(d.severity.rawValue): ") { out.replaceSubrange(r, with: ": \(sev): ") }
        if let r = out.firstRange(of: "^") {
            // The whole run of carets, not just the first.
            var end = r.upperBound
            while end < out.endIndex, out[end] == "^" { end = out.index(after: end) }
            out.replaceSubrange(r.lowerBound..<end, with: apply(String(out[r.lowerBound..<end]), .green))
        }
        return out
    }

    /// A prompt for libedit: escape sequences bracketed by \u{1} so they do not count as width.
    func prompt(_ s: String) -> String {
        guard color else { return s }
        return "\u{1}\u{1B}[1;34m\u{1}" + s + "\u{1}\u{1B}[0m\u{1}"
    }
}
