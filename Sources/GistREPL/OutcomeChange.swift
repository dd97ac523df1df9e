import Gist

/// What changes between a case's outcome under one guideline and under another (a reloaded
/// file, another revision). Outcomes index recommendations and derived values by position
/// in their own program, so everything is compared by code and name: `CaseText.difference`
/// assumes a single program and fits `what if` and `:set`, not two revisions.
enum OutcomeChange {
    /// One line per change: `+ code`, `- code`, `? code now undetermined (needs …)`,
    /// `~ code: option -> recommend` (strength), `~ derived: a -> b`. Empty when nothing changed.
    static func lines(from a: Evaluator.Outcome, _ pa: Program, to b: Evaluator.Outcome, _ pb: Program) -> [String] {
        let madeA = Dictionary(a.recommended.map { (pa.recommendations[$0].code, pa.recommendations[$0].strength) }, uniquingKeysWith: { x, _ in x })
        let madeB = Dictionary(b.recommended.map { (pb.recommendations[$0].code, pb.recommendations[$0].strength) }, uniquingKeysWith: { x, _ in x })
        let undA = Dictionary(a.undetermined.map { (pa.recommendations[$0.code].code, $0.needs.map { pa.inputs[$0].name }) }, uniquingKeysWith: { x, _ in x })
        let undB = Dictionary(b.undetermined.map { (pb.recommendations[$0.code].code, $0.needs.map { pb.inputs[$0].name }) }, uniquingKeysWith: { x, _ in x })

        // Codes in the new program's order, then codes only the old one has.
        var codes = pb.recommendations.map(\.code)
        let known = Set(codes)
        codes += pa.recommendations.map(\.code).filter { !known.contains($0) }

        var out: [String] = []
        for code in codes {
            switch (madeA[code], madeB[code]) {
            case (nil, .some):
                out.append("+ \(code)" + (undA[code] != nil ? " (was undetermined)" : ""))
            case (.some, nil):
                out.append("- \(code)" + (undB[code].map { " (now undetermined, needs \($0.joined(separator: ", ")))" } ?? ""))
            case (let sa?, let sb?) where sa != sb:
                out.append("~ \(code): \(sa.rawValue) -> \(sb.rawValue)")
            default:
                if madeA[code] == nil, madeB[code] == nil {
                    if let needs = undB[code], undA[code] == nil {
                        out.append("? \(code) now undetermined (needs \(needs.joined(separator: ", ")))")
                    } else if undA[code] != nil, undB[code] == nil {
                        out.append("- \(code) (was undetermined)")
                    }
                }
            }
        }
        // Derived values that both programs have, compared as people read them.
        let slotsA = Dictionary(pa.derived.enumerated().map { ($0.element.name, pa.inputs.count + $0.offset) }, uniquingKeysWith: { x, _ in x })
        for (k, d) in pb.derived.enumerated() {
            guard let sa = slotsA[d.name], sa < a.values.count else { continue }
            let sb = pb.inputs.count + k
            guard sb < b.values.count else { continue }
            let va = pa.formatSlot(sa, a.values[sa]), vb = pb.formatSlot(sb, b.values[sb])
            if va != vb { out.append("~ \(d.name): \(va) -> \(vb)") }
        }
        return out
    }
}
