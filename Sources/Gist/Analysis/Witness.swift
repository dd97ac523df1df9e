/// Witness cases that are checked before they are shown: a witness is evaluated, and shown
/// only if evaluation puts it inside its region — every input in its band, every atom with
/// the value the region says. Where atoms occur the solver finds the case (a model of the
/// region's constraints), rounded to the fewest decimals that still pass the check.
extension DiagramStore {
    public func verifiedWitness(_ box: Box, programIndex k: Int) -> [Value]? {
        var values = Regions.witness(box, space: space, programIndex: k)
        guard let enc = encoding else {
            return Regions.evaluatedInside(box, values: values, space: space, programIndex: k) ? values : nil
        }
        let involved = enc.involved
        let solved = involved.filter { space.atom($0) == nil }.sorted()
        enc.solver.push()
        defer { enc.solver.pop() }
        for v in involved { enc.solver.assert(enc.inDomain(v, box.domains[v], bands: bands[v])) }
        guard enc.solver.check() == .sat else { return nil }
        for precision: UInt32 in [0, 1, 2, 3, 6, 12] {
            enc.assignModel(solved, precision: precision, to: &values, programIndex: k)
            if Regions.evaluatedInside(box, values: values, space: space, programIndex: k) { return values }
        }
        return nil
    }

    /// `x` (base units) rounded to `decimals` places in the input's own unit, as evaluation
    /// reads it back.
    static func rounded(_ x: Rational, decimals: UInt32, unit: UnitInfo?) -> Rational {
        let factor = unit?.factor ?? .one
        guard let inUnit = x.divided(by: factor), let r = inUnit.rounded(toDecimalPlaces: Int(min(decimals, 15))),
              let back = r.multiplied(by: factor) else { return x }
        return back
    }
}

extension SpaceEncoding {
    /// Writes the last model's values of variables `vs` into a case of program `k`, numbers
    /// rounded to `precision` decimals in each input's unit.
    func assignModel(_ vs: [Int], precision: UInt32, to values: inout [Value], programIndex k: Int) {
        let binding = space.bindings[k]
        for (v, x) in zip(vs, modelValues(vs, precision: 12)) {
            guard let x, let slot = binding.inputVar.firstIndex(of: v) else { continue }
            switch space.vars[v].kind {
            case .numeric(let integer, _, let unit):
                values[slot] = .number(DiagramStore.rounded(x, decimals: integer ? 0 : precision, unit: unit))
            case .bool: values[slot] = .bool(x == .one)
            case .enumeration:
                let j2p = binding.jointToProgram[slot]
                let j = x.isInteger ? Int(x.numerator) : -1
                values[slot] = .member(j >= 0 && j < j2p.count ? j2p[j] : 0)
            default: break
            }
        }
    }
}

extension Space {
    /// The band of each atom of program `j` for a case of program `k` (inputs matched by name
    /// across revisions): 0 false, 1 true, 2 undetermined (a zero divisor). An atom the case
    /// cannot decide because it lacks an input is left out.
    public func atomBands(_ values: [Value], of j: Int, caseOf k: Int) -> [(variable: Int, band: Int)] {
        let binding = bindings[j]
        guard !binding.atomVar.isEmpty else { return [] }
        let p = programs[j]
        var inputs = values
        if j != k {
            let own = programs[k].inputs
            inputs = p.inputs.map { input in own.firstIndex { $0.name == input.name }.map { $0 < values.count ? values[$0] : .unknown } ?? .unknown }
        }
        let complete = !inputs.contains(where: \.isUnknown)
        let evaluator = Evaluator(program: p, compile: false)
        var coverage: Evaluator.Coverage? = nil
        let all = evaluator.computeValues(inputs, coverage: &coverage)
        return binding.atomVar.compactMap { ir, atom in
            switch evaluator.value(of: ir, in: all) {
            case .bool(let t): return (atom.variable, t != atom.negated ? 1 : 0)
            default: return complete ? (atom.variable, 2) : nil
            }
        }
    }
}

extension Regions {
    /// Whether evaluating a complete case puts it in the box: its inputs in the box's domains
    /// and each atom — of either revision, in a diff, reading the inputs by name — with the
    /// value the box allows.
    public static func evaluatedInside(_ box: Box, values: [Value], space: Space, programIndex k: Int) -> Bool {
        guard contains(box, values: values, space: space, programIndex: k) else { return false }
        for j in space.programs.indices {
            for (v, band) in space.atomBands(values, of: j, caseOf: k) {
                guard case .mask(let m) = box.domains[v] else { continue }
                if m & (1 << UInt64(band)) == 0 { return false }
            }
        }
        return true
    }
}
