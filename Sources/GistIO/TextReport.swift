import Gist

/// The human layout of `gist run` results. Styled only when given a console that allows it.
public enum TextReport {
    public static func render(_ reports: [CaseReport], program: Program, console: Console?, whyNot: [String: String] = [:]) -> String {
        var out = ""
        for (n, r) in reports.enumerated() {
            if n > 0 { out += "\n" }
            out += render(r, console: console, whyNot: whyNot[r.id])
        }
        return out
    }

    /// One case (cases are separated by a blank line), with its why-not text if any.
    public static func render(_ r: CaseReport, console: Console?, whyNot: String? = nil) -> String {
        var out = ""
        func s(_ t: String, _ st: Console.Style...) -> String {
            guard let c = console, c.color else { return t }
            return st.reduce(t) { acc, style in c.styled(acc, style) }
        }
        out += s(r.id.escapingControlCharacters, .bold)
        if let loc = r.location { out += s("  (\(String(describing: loc).escapingControlCharacters))", .dim) }
        out += "\n"
        if r.recommendations.isEmpty && r.undetermined.isEmpty { out += "  no recommendation\n" }
        let width = (r.recommendations.map(\.code) + r.undetermined.map(\.code)).map(\.count).max() ?? 0
        for m in r.recommendations {
            let strength = m.strength.rawValue.padding(12)
            let color: Console.Style = m.strength == .avoid ? .red : m.strength == .recommend ? .green : .cyan
            out += "  " + s(strength, color) + " " + s(m.code.padding(width), .bold) + "  " + m.text + "\n"
            out += "  " + String(repeating: " ", count: 13) + s("cite: \(m.citation)", .dim) + "\n"
            if !m.evidence.isEmpty { out += "  " + String(repeating: " ", count: 13) + s("evidence: \(m.evidence.text)", .dim) + "\n" }
            if let steps = r.explanation?[m.code] { out += explainLines(steps, s) }
            // The branches' reasons stand at their steps; the `recommend` statement's comes last.
            let shown = r.explanation?[m.code]?.filter { $0.because != nil }.count ?? 0
            for reason in m.reasons.dropFirst(shown) { out += "  " + String(repeating: " ", count: 13) + "reason: \(reason)\n" }
        }
        for u in r.undetermined {
            out += "  " + s("undetermined".padding(12), .yellow) + " " + u.code.padding(width)
            out += u.needs.isEmpty ? "  " + (u.causes.isEmpty ? "undetermined value" : u.causes.joined(separator: "; ")) + "\n"
                                   : "  needs: " + u.needs.joined(separator: ", ") + "\n"
            if let steps = r.explanation?[u.code] { out += explainLines(steps, s) }
        }
        if let whyNot { out += whyNot }
        return out
    }

    static func explainLines(_ steps: [CaseReport.Reason], _ s: (String, Console.Style...) -> String) -> String {
        var out = "  " + String(repeating: " ", count: 13) + "because:\n"
        if steps.isEmpty { out += String(repeating: " ", count: 17) + "(always, at the top of the pathway)\n" }
        var explained = Set<String>()
        for st in steps {
            let mark = st.holds == "true" ? "" : " [\(st.holds)]"
            out += String(repeating: " ", count: 17) + st.shown + mark + "  " + s(st.location + st.via, .dim) + "\n"
            for c in st.computed where explained.insert(c.name).inserted { out += String(repeating: " ", count: 19) + s("where " + c.text, .dim) + "\n" }
            if let b = st.because { out += String(repeating: " ", count: 19) + s("(\(b))", .dim) + "\n" }
        }
        return out
    }
}

extension String {
    func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}
