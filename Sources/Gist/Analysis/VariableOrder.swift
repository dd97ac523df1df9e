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
            // Each derived value's variables, in order of mention. Derived values come in
            // dependency order, so one pass without recursion covers chains of any length.
            var derivedVars: [[Int]] = []
            func direct(_ ir: IR, into out: inout [Int]) {
                let found = ir.nodes
                for e in found {
                    guard case .slot(let s) = e else { continue }
                    if s < p.inputs.count {
                        // Whether the input is given is tested just above its own variables.
                        if s < b.presenceVar.count, let pv = b.presenceVar[s] { out.append(pv) }
                        if case .set = p.inputs[s].type { out += b.setVars[s].compactMap { $0 } } else if let v = b.inputVar[s] { out.append(v) }
                    } else if s - p.inputs.count < derivedVars.count {
                        out += derivedVars[s - p.inputs.count]
                    }
                }
            }
            for d in p.derived {
                var vs: [Int] = []
                switch d.kind {
                case .letValue(let ir): direct(ir, into: &vs)
                case .table(let t): for c in p.tables[t].columns { direct(c, into: &vs) }
                }
                var seenHere = Set<Int>()
                derivedVars.append(vs.filter { seenHere.insert($0).inserted })
            }
            func expr(_ ir: IR) {
                var vs: [Int] = []
                direct(ir, into: &vs)
                for v in vs { add(v) }
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
