/// What the diff reports of `because "…"` reasons: per code, the reasons on any way to it (the
/// branches' on the way, and the `recommend` statement's). A reason added, removed or
/// reworded is an edit of the code's justification, though no case's outcome changes.
extension Program {
    /// Per code, the reasons of every way the pathway can reach a `recommend` of it.
    public var reasonsByCode: [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        // Explicit stack of (nodes, reasons on the way): the pathway may be deep.
        var stack: [([PathNode], [String])] = [(pathway, [])]
        while let (nodes, reasons) = stack.popLast() {
            for node in nodes {
                switch node {
                case .when(let b, let body):
                    stack.append((body, reasons + (b.because.map { [$0] } ?? [])))
                case .first(let alternatives, let otherwise):
                    for (b, body) in alternatives { stack.append((body, reasons + (b.because.map { [$0] } ?? []))) }
                    if let (b, body) = otherwise { stack.append((body, reasons + (b.because.map { [$0] } ?? []))) }
                case .recommend(let codes, let site):
                    let all = reasons + (recommendReasons[site].map { [$0] } ?? [])
                    for c in codes where c < recommendations.count { out[recommendations[c].code, default: []].formUnion(all) }
                }
            }
        }
        return out
    }
}

extension GuidelineDiff {
    /// `code X: reasons removed: "…"; added: "…"` for each code present in both revisions.
    static func reasonChanges(_ a: Program, _ b: Program) -> [String] {
        let ra = a.reasonsByCode, rb = b.reasonsByCode
        let both = Set(a.recommendations.map(\.code)).intersection(b.recommendations.map(\.code))
        var out: [String] = []
        for code in b.recommendations.map(\.code) where both.contains(code) {
            let x = ra[code] ?? [], y = rb[code] ?? []
            let removed = x.subtracting(y).sorted(), added = y.subtracting(x).sorted()
            var parts: [String] = []
            if !removed.isEmpty { parts.append("removed " + removed.map { "\"\($0)\"" }.joined(separator: ", ")) }
            if !added.isEmpty { parts.append("added " + added.map { "\"\($0)\"" }.joined(separator: ", ")) }
            if !parts.isEmpty { out.append("code \(code): reasons " + parts.joined(separator: "; ")) }
        }
        return out
    }
}
