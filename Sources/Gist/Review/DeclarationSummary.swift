/// The declarations that differ, one line per subject, for people: inputs as the exact diff
/// lists them, inputs and codes added or removed grouped (`codes added: …`), strengths one code a line
/// (`sunitinib: option → recommend`), and the codes whose text, citation or evidence changed (one
/// list for those where text and citation both did).
extension GuidelineReview {
    public var declarationSummary: [String] {
        var out: [String] = []
        // Inputs added (or removed) are one list; other input changes one line each.
        for verb in ["added", "removed"] {
            let lines = declarations.filter { $0.hasPrefix("input \(verb): ") }
            if !lines.isEmpty {
                out.append((lines.count == 1 ? "input" : "inputs") + " \(verb): " + lines.map { String($0.dropFirst("input \(verb): ".count)) }.joined(separator: ", "))
            }
        }
        // Inputs changed the same way (`values added: …` to two enums of drugs) share a line.
        var changes: [(names: [String], change: String)] = []
        for d in declarations where d.hasPrefix("input ") && !d.hasPrefix("input added: ") && !d.hasPrefix("input removed: ") {
            guard let colon = d.firstRange(of: ": ") else { continue }
            let name = String(d[d.index(d.startIndex, offsetBy: 6)..<colon.lowerBound]), change = String(d[colon.upperBound...])
            if let k = changes.firstIndex(where: { $0.change == change }) { changes[k].names.append(name) }
            else { changes.append(([name], change)) }
        }
        out += changes.map { ($0.names.count == 1 ? "input " : "inputs ") + $0.names.joined(separator: " and ") + ": " + $0.change }
        let ar = Dictionary(old.recommendations.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let br = Dictionary(new.recommendations.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let removed = old.recommendations.filter { br[$0.code] == nil }.map(\.code)
        // Their strengths are in their headings under "changes by code".
        let added = new.recommendations.filter { ar[$0.code] == nil }.map(\.code)
        if !removed.isEmpty { out.append("codes removed: " + removed.joined(separator: ", ")) }
        if !added.isEmpty { out.append("codes added: " + added.joined(separator: ", ")) }
        var texts: [String] = [], citations: [String] = [], evidence: [String] = []
        for x in old.recommendations {
            guard let y = br[x.code] else { continue }
            if x.strength != y.strength { out.append("\(x.code): \(x.strength.rawValue) → \(y.strength.rawValue)") }
            if x.text != y.text { texts.append(x.code) }
            if x.citation != y.citation || x.source != y.source { citations.append(x.code) }
            if x.evidence != y.evidence { evidence.append(x.code) }
        }
        // Most edited recommendations change text and citation together: one list for those.
        let both = texts.filter(citations.contains)
        if !both.isEmpty { out.append("text and citation changed: " + both.joined(separator: ", ")) }
        let textOnly = texts.filter { !both.contains($0) }, citationOnly = citations.filter { !both.contains($0) }
        if !textOnly.isEmpty { out.append("text changed: " + textOnly.joined(separator: ", ")) }
        if !citationOnly.isEmpty { out.append("citation changed: " + citationOnly.joined(separator: ", ")) }
        if !evidence.isEmpty { out.append("evidence changed: " + evidence.joined(separator: ", ")) }
        return out
    }
}
