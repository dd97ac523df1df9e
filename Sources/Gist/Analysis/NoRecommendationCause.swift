/// Where the cases that get no recommendation slip through: the innermost `first` without
/// `otherwise` whose alternatives all fail for some of them, or else the innermost `when`
/// they skip. `no-recommendation` is reported there rather than at the pathway's start.
extension Findings {
    static func holeLocation(_ p: Program, _ d: CompiledDiagrams, _ store: DiagramStore, _ nothing: Int) -> (range: SourceRange, note: String)? {
        var best: (depth: Int, range: SourceRange, note: String)? = nil
        func consider(_ depth: Int, _ range: SourceRange, _ note: String) {
            if best == nil || depth > best!.depth { best = (depth, range, note) }
        }
        func walk(_ nodes: [PathNode], _ enclosing: Int, _ depth: Int) {
            for n in nodes {
                switch n {
                case .when(let b, let body):
                    let skipped = store.and(enclosing, store.not(d.reach[b.id]))
                    if store.and(skipped, nothing) != store.no {
                        consider(depth, b.range, "cases that get nothing do not meet this condition")
                    }
                    walk(body, d.reach[b.id], depth + 1)
                case .first(let alts, let other):
                    if other == nil, let (head, _) = alts.first {
                        var taken = store.no
                        for (b, _) in alts { taken = store.or(taken, d.reach[b.id]) }
                        if store.and(store.and(enclosing, store.not(taken)), nothing) != store.no {
                            consider(depth, head.range, "this 'first' has no 'otherwise', and none of its alternatives holds for cases that get nothing")
                        }
                    }
                    for (b, body) in alts { walk(body, d.reach[b.id], depth + 1) }
                    if let (b, body) = other { walk(body, d.reach[b.id], depth + 1) }
                case .recommend: break
                }
            }
        }
        walk(p.pathway, store.feasible, 0)
        return best.map { ($0.range, $0.note) }
    }
}
