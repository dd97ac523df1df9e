/// The conditions an analysis could not decide, with the codes they govern: what a diff lists
/// when it is approximate, so that a change in such a condition is never silent.
public struct UndecidedCondition: Sendable, Hashable {
    /// 0: the old revision (or the only guideline), 1: the new one.
    public let revision: Int
    public let range: SourceRange
    /// The condition as written.
    public let source: String
    /// The codes recommended under it (or under the alternatives after it, in a `first`).
    public let codes: [String]

    /// `[new 25] when bmi >= 35 governs weight_programme, lifestyle_advice`.
    public var description: String {
        "[\(revision == 0 ? "old" : "new") \(range.line)] \(source)" + (codes.isEmpty ? "" : " — governs " + codes.joined(separator: ", "))
    }

    /// The undecided conditions of one revision.
    static func of(_ d: CompiledDiagrams, revision: Int) -> [UndecidedCondition] {
        guard !d.undecided.isEmpty else { return [] }
        let p = d.program
        var governed: [Int: Set<Int>] = [:]
        p.pathway.forEachRecommend { codes, _, path in
            for step in path { governed[step.branch.id, default: []].formUnion(codes) }
        }
        return d.undecided.map { b in
            UndecidedCondition(revision: revision, range: b.range, source: b.source,
                               codes: (governed[b.id] ?? []).sorted().map { p.recommendations[$0].code })
        }
    }

    /// The undecided conditions of either revision that the other does not have alike (same
    /// text governing the same codes): the changes a diff could not decide.
    public static func changed(_ old: CompiledDiagrams, _ new: CompiledDiagrams) -> [UndecidedCondition] {
        let a = of(old, revision: 0), b = of(new, revision: 1)
        let keysA = Set(a.map { [$0.source] + $0.codes }), keysB = Set(b.map { [$0.source] + $0.codes })
        return a.filter { !keysB.contains([$0.source] + $0.codes) } + b.filter { !keysA.contains([$0.source] + $0.codes) }
    }
}
