/// The declarations that differ, one line per subject, for people: inputs as the exact diff
/// lists them, codes grouped (`codes added: …`), strengths one code a line
/// (`sunitinib: option → recommend`), and the codes whose text, citation or evidence changed.
extension GuidelineReview {
    public var declarationSummary: [String] {
        var out = declarations.filter { $0.hasPrefix("input ") }
        let ar = Dictionary(old.recommendations.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let br = Dictionary(new.recommendations.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let removed = old.recommendations.filter { br[$0.code] == nil }.map(\.code)
        let added = new.recommendations.filter { ar[$0.code] == nil }.map { "\($0.code) (\($0.strength.rawValue))" }
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
        if !texts.isEmpty { out.append("text changed: " + texts.joined(separator: ", ")) }
        if !citations.isEmpty { out.append("citation changed: " + citations.joined(separator: ", ")) }
        if !evidence.isEmpty { out.append("evidence changed: " + evidence.joined(separator: ", ")) }
        return out
    }
}
