import Gist

/// `gist run --why-not CODE`: for each case that did not get CODE, the conditions that
/// stopped it and the smallest input changes that would give it.
public enum WhyNotReport {
    public static func text(_ a: WhyNot.Answer) -> String {
        var out = a.needs == nil ? "  why not \(a.code):\n" : "  why \(a.code) \(WhyNot.status(a)):\n"
        if a.unreachable { return out + WhyNot.suggestionLines(a, indent: "    ") }
        for (k, path) in a.blocked.enumerated() {
            if path.isEmpty { continue }
            out += a.blocked.count > 1 ? "    path \(k + 1):\n" : ""
            var explained = Set<String>()
            for b in path {
                out += "      \(b.shown) is \(b.holds)  \(b.location)\n"
                for c in b.computed where explained.insert(c.name).inserted { out += "        where \(c.text)\n" }
            }
        }
        return out + WhyNot.suggestionLines(a, indent: "    ")
    }

    public static func json(_ a: WhyNot.Answer) -> String {
        JSONText.object([
            ("code", JSONText.string(a.code)),
            ("reachable", a.unreachable ? "false" : "true"),
            ("undetermined", a.needs == nil ? "false" : "true"),
            ("needs", JSONText.array((a.needs ?? []).map(JSONText.string))),
            ("onlyByChangingFixed", JSONText.array(a.onlyByChanging.map(JSONText.string))),
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
