import Gist

/// `gist run --why-not CODE`: for each case that did not get CODE, the conditions that
/// stopped it and the smallest input changes that would give it.
public enum WhyNotReport {
    public static func text(_ a: WhyNot.Answer) -> String {
        var out = "  why not \(a.code):\n"
        if a.unreachable { return out + "    no case can get \(a.code): check the guideline (gist check)\n" }
        for (k, path) in a.blocked.enumerated() {
            if path.isEmpty { continue }
            out += a.blocked.count > 1 ? "    path \(k + 1):\n" : ""
            for b in path {
                out += "      \(b.condition) is \(b.holds)" + (b.values.isEmpty ? "" : " (\(b.values.joined(separator: ", ")))") + "  \(b.location)\n"
            }
        }
        for (k, s) in a.suggestions.enumerated() {
            let change = s.changes.map { "\($0.condition) (now \($0.now))" }.joined(separator: " and ")
            out += (k == 0 ? "    would recommend it if " : "                       or ") + change + "\n"
        }
        return out
    }

    public static func json(_ a: WhyNot.Answer) -> String {
        JSONText.object([
            ("code", JSONText.string(a.code)),
            ("reachable", a.unreachable ? "false" : "true"),
            ("blocked", JSONText.array(a.blocked.map { path in
                JSONText.array(path.map { b in
                    JSONText.object([("condition", JSONText.string(b.condition)), ("holds", JSONText.string(b.holds)),
                                     ("location", JSONText.string(b.location)), ("values", JSONText.array(b.values.map(JSONText.string)))])
                })
            })),
            ("suggestions", JSONText.array(a.suggestions.map { s in
                JSONText.array(s.changes.map { c in
                    JSONText.object([("input", JSONText.string(c.input)), ("condition", JSONText.string(c.condition)), ("now", JSONText.string(c.now))])
                })
            })),
        ])
    }
}
