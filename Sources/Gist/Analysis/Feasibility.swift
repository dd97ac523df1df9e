/// Which combinations of atom values and input bands real cases have. A diagram over atoms
/// alone would also hold combinations no case has (`bmi < 30` false and `bmi < 35` true, or
/// an atom and the bands of the inputs it reads disagreeing); the solver decides each one,
/// and the analyses read regions only inside the possible ones.
extension DiagramStore {
    /// The diagram of atom `a`'s value, or its negation: 0 false, 1 true, 2 undetermined.
    func atomDiagram(_ a: (variable: Int, negated: Bool)) -> Int {
        test(a.variable) { band in band == 2 ? unknown : ((band == 1) != a.negated ? yes : no) }
    }

    /// The most solver checks one analysis makes; past it the rest counts as possible and
    /// the analysis says it is approximate.
    static let solverCheckLimit = 20_000

    /// Walks the atoms and the variables they read in diagram order, asking the solver at each
    /// band whether the choices so far have a case; impossible prefixes are cut at once.
    ///
    /// Where an input that `known(…)` reads is missing, neither its bands nor the atoms that
    /// read it constrain anything: the case has no value there (evaluation leaves those atoms
    /// unknown), so they are not split on — every combination of the other variables that
    /// some case has stays possible, and no diagram tests them there. This relies on presence
    /// variables coming before the variables of their input and before the atoms
    /// (`analysisOrder`).
    func computeFeasible() -> Int {
        guard !space.atoms.isEmpty else { return yes }
        guard let enc = encoding else {
            undecided.insert("the SMT solver could not be started")
            approximate = true
            return yes
        }
        let presenceRead = enc.presenceRead
        let presence = presenceRead.values.reduce(into: Set<Int>()) { $0.formUnion($1) }
        let levels = enc.involved.union(presence).sorted { levelOf[$0] < levelOf[$1] }
        var budget = DiagramStore.solverCheckLimit
        func go(_ i: Int, missing: Set<Int>) -> Int {
            if i == levels.count { return yes }
            if budget <= 0 {
                undecided.insert("more combinations of \(levels[i...].map { space.vars[$0].name }.joined(separator: ", ")) than the solver is asked about")
                approximate = true
                return yes
            }
            let v = levels[i]
            // Band 0 of a presence variable: the input is missing.
            if presence.contains(v) { return mk(levelOf[v], [go(i + 1, missing: missing.union([v])), go(i + 1, missing: missing)]) }
            if presenceRead[v]?.isDisjoint(with: missing) == false { return go(i + 1, missing: missing) }
            var children: [Int] = []
            for band in 0..<bandCount[v] {
                enc.solver.push()
                enc.solver.assert(enc.inBand(v, band, bands[v][band]))
                budget -= 1
                switch enc.solver.check() {
                case .unsat: children.append(no)
                case .sat: children.append(go(i + 1, missing: missing))
                case .unknown:
                    undecided.insert(space.vars[v].name)
                    approximate = true
                    children.append(go(i + 1, missing: missing))
                }
                enc.solver.pop()
            }
            return mk(levelOf[v], children)
        }
        return go(0, missing: [])
    }

    /// `f` with the impossible combinations sent to `empty`.
    func possible(_ f: Int, empty: Term) -> Int {
        let inside = feasible
        if inside == yes { return f }
        return apply(f, inside, op: newOp()) { t, ok in DiagramStore.truth(ok) == .yes ? t : empty }
    }
}

extension DiagramStore {
    /// A merged region's words with each atom constraint dropped that the others imply (in
    /// `bmi >= 30 ∧ bmi >= 25 ∧ bmi < 35` the middle one): the solver finds no case of the
    /// rest outside it. The region holds the same cases, and reads as the edit made it. Where
    /// the region allows an input to be missing, constraints that read it imply nothing for
    /// those cases (`SpaceEncoding.binding`).
    func withoutImpliedAtoms(_ words: [UInt64]) -> [UInt64] {
        guard let enc = encoding else { return words }
        var out = words
        let missing = Set(space.vars.indices.filter { if case .presence = space.vars[$0].kind { words[$0] & 1 != 0 } else { false } })
        for v in space.vars.indices where space.atom(v) != nil && out[v] != fullWord(v) {
            let others = box(out)
            enc.solver.push()
            for u in enc.binding(v, missing: missing) { enc.solver.assert(enc.inDomain(u, others.domains[u], bands: bands[u])) }
            enc.solver.assert(enc.inDomain(v, .mask(fullWord(v) & ~out[v]), bands: bands[v]))
            if enc.solver.check() == .unsat { out[v] = fullWord(v) }
            enc.solver.pop()
        }
        return out
    }
}

extension DiagramStore {
    /// The atom variables of a conjunction (variable, allowed bands) that the other variables'
    /// constraints imply: the solver finds no case of the rest outside them. A review term
    /// without them holds the same cases and reads as the edit made it. As in
    /// `withoutImpliedAtoms`, constraints that read an input the term allows to be missing
    /// imply nothing.
    public func impliedAtoms(_ literals: [(variable: Int, allowed: [Bool])]) -> Set<Int> {
        guard let enc = encoding else { return [] }
        func mask(_ allowed: [Bool]) -> UInt64 {
            allowed.indices.reduce(0) { $1 < 64 && allowed[$1] ? $0 | (1 << UInt64($1)) : $0 }
        }
        // A presence variable the term leaves out, or allows band 0 of, lets its input be missing.
        let missing = Set(space.vars.indices.filter { v in
            guard case .presence = space.vars[v].kind else { return false }
            return literals.first { $0.variable == v }.map { $0.allowed.first == true } ?? true
        })
        var kept = literals.filter { enc.involved.contains($0.variable) }
        var dropped = Set<Int>()
        for l in literals where space.atom(l.variable) != nil {
            let binding = Set(enc.binding(l.variable, missing: missing))
            enc.solver.push()
            for o in kept where binding.contains(o.variable) {
                enc.solver.assert(enc.inDomain(o.variable, .mask(mask(o.allowed)), bands: bands[o.variable]))
            }
            enc.solver.assert(enc.inDomain(l.variable, .mask(mask(l.allowed.map { !$0 })), bands: bands[l.variable]))
            if enc.solver.check() == .unsat {
                dropped.insert(l.variable)
                kept.removeAll { $0.variable == l.variable }
            }
            enc.solver.pop()
        }
        return dropped
    }
}
