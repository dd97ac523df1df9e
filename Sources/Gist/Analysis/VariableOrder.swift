/// The order in which decision diagrams test variables. Diagrams stay small when variables
/// that decide early branches come first, so the order follows the pathways top-down: each
/// variable at its first mention (through lets and tables), then the rest.
extension Space {
    public func analysisOrder() -> [Int] {
        var order: [Int] = []
        var seen = Set<Int>()
        func add(_ v: Int?) {
            guard let v, seen.insert(v).inserted else { return }
            order.append(v)
        }
        for (k, p) in programs.enumerated() {
            let b = bindings[k]
            var visitedDerived = Set<Int>()
            func slot(_ s: Int) {
                if s < p.inputs.count {
                    if case .set = p.inputs[s].type { for v in b.setVars[s] { add(v) } } else { add(b.inputVar[s]) }
                    return
                }
                guard visitedDerived.insert(s).inserted else { return }
                switch p.derived[s - p.inputs.count].kind {
                case .letValue(let ir): expr(ir)
                case .table(let t): for c in p.tables[t].columns { expr(c) }
                }
            }
            func expr(_ ir: IR) {
                switch ir {
                case .constant: break
                case .slot(let s): slot(s)
                case .negate(let a), .not(let a): expr(a)
                case .arith(_, let a, let c), .compare(_, let a, let c), .and(let a, let c), .or(let a, let c), .member(let a, let c, _):
                    expr(a); expr(c)
                case .conditional(let c, let a, let d): expr(c); expr(a); expr(d)
                }
            }
            func walk(_ nodes: [PathNode]) {
                for n in nodes {
                    switch n {
                    case .when(let br, let body):
                        if let c = br.condition { expr(c) }
                        walk(body)
                    case .first(let alts, let other):
                        for (br, _) in alts { if let c = br.condition { expr(c) } }
                        for (_, body) in alts { walk(body) }
                        if let (_, body) = other { walk(body) }
                    case .recommend: break
                    }
                }
            }
            walk(p.pathway)
        }
        for v in vars.indices { add(v) }
        return order
    }
}
