/// Reading a diagram at one case: the leaf the case's values lead to. The conformance corpus
/// and the property tests use it to check that a case's region gives the case's outcome. A case
/// may lack an input that `known(…)` reads: where it is missing the diagrams test neither its
/// bands nor the atoms that read it (`computeFeasible`), so such a case reads one leaf too.
extension DiagramStore {
    /// The term diagram `id` gives a case (one value per input of program `programIndex`); nil
    /// when a value the diagram tests is unknown (and has no presence variable) or outside the
    /// space.
    public func term(_ id: Int, at values: [Value], programIndex: Int) -> Term? {
        var node = id
        while node >= 0 {
            guard let band = band(of: variable(node), in: values, programIndex: programIndex) else { return nil }
            let kids = children(node)
            guard band < kids.count else { return nil }
            node = kids[kids.startIndex + band]
        }
        return term(node)
    }

    /// The band of variable `v` that holds the case's value.
    func band(of v: Int, in values: [Value], programIndex: Int) -> Int? {
        let p = space.programs[programIndex]
        let b = space.bindings[programIndex]
        if space.atom(v) != nil {
            return space.atomBands(values, of: programIndex, caseOf: programIndex).first { $0.variable == v }?.band
        }
        for slot in p.inputs.indices {
            let value = slot < values.count ? values[slot] : .unknown
            if slot < b.presenceVar.count, let pv = b.presenceVar[slot] {
                if pv == v { return value.isUnknown ? 0 : 1 }
                // Where the input is missing its own variables do not matter: any band will do.
                if value.isUnknown, b.inputVar[slot] == v || b.setVars[slot].contains(v) { return 0 }
            }
            if let m = b.setVars[slot].firstIndex(where: { $0 == v }) {
                guard case .set(let mask) = value else { return nil }
                return mask & (1 << UInt64(m)) != 0 ? 1 : 0
            }
            guard b.inputVar[slot] == v else { continue }
            switch value {
            case .number(let x): return bands[v].firstIndex { $0.contains(x) }
            case .bool(let t): return t ? 1 : 0
            case .member(let m): return b.jointToProgram[slot].firstIndex(of: m)
            case .unknown, .set, .string: return nil
            }
        }
        return nil
    }
}
