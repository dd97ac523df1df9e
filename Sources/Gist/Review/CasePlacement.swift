/// Where a case falls in a review, found by walking the diagrams with the case's values
/// rather than by testing it against every region: for a complete case, the terms that hold
/// it; for an incomplete one, the terms consistent with what it gives and the inputs it lacks
/// that would decide.
extension GuidelineReview {
    /// The bands a case allows, per variable: the band of each value given (in either
    /// revision's terms), every band of an input it does not give.
    public func bands(old: [Value?], new: [Value?]) -> DiagramStore.BandSet {
        var allowed = store.allBands()
        for (k, values) in [old, new].enumerated() {
            let p = space.programs[k], b = space.bindings[k]
            for slot in p.inputs.indices {
                let given = slot < values.count && values[slot] != nil && values[slot] != .unknown
                // An input that can be missing (`known(…)` reads it) is placed exactly either way.
                if slot < b.presenceVar.count, let pv = b.presenceVar[slot] {
                    allowed[pv] = allowed[pv].indices.map { ($0 == 1) == given && allowed[pv][$0] }
                }
                guard given, let value = values[slot] else { continue }
                if case .set(let mask) = value {
                    for (m, v) in b.setVars[slot].enumerated() {
                        guard let v else { continue }
                        let bit = mask & (1 << UInt64(m)) != 0 ? 1 : 0
                        allowed[v] = allowed[v].indices.map { $0 == bit && allowed[v][$0] }
                    }
                    continue
                }
                guard let v = b.inputVar[slot] else { continue }
                let band: Int?
                switch value {
                case .number(let x): band = store.bands[v].firstIndex { $0.contains(x) }
                case .bool(let t): band = t ? 1 : 0
                case .member(let m): band = b.jointToProgram[slot].firstIndex(of: m)
                default: band = nil
                }
                // A value outside the joint space (a member only one revision knows) leaves
                // no band: the case lies outside every term.
                allowed[v] = allowed[v].indices.map { $0 == band && allowed[v][$0] }
            }
            // Each atom the case decides, with its value for the case.
            let given = values.map { $0 ?? .unknown }
            for (v, band) in space.atomBands(given, of: k, caseOf: k) {
                allowed[v] = allowed[v].indices.map { $0 == band && allowed[v][$0] }
            }
        }
        return allowed
    }

    /// Where one code's change of a case lies.
    public struct Placement: Sendable {
        public let code: String
        public let kind: ChangeKind
        /// Indices of the section's exact cover (`exactTerms`) whose terms hold the case
        /// (complete) or are consistent with it (incomplete); empty unless asked for.
        public let terms: [Int]
        /// The same of the section's own terms, and of its exceptions the ones consistent
        /// with the case (none for a complete case: it lies outside every exception).
        public let within: [Int]
        public let except: [Int]
        /// For an incomplete case: the inputs it lacks on which the section depends.
        public let deciding: [String]
    }

    /// Places a case's change of `code` (of kind `kind`) in the review: walks each term's
    /// conditions within the bands the case allows. `exact`: also in the exact cover.
    public func place(code: String, kind: ChangeKind, bands: DiagramStore.BandSet, exact: Bool = false) -> Placement? {
        guard let c = codes.first(where: { $0.code == code }), let s = c.sections.first(where: { $0.kind == kind }) else { return nil }
        func holding(_ terms: [CoverTerm], _ also: [Int]) -> [Int] {
            terms.indices.filter { k in
                var within = bands
                for l in terms[k] { if case .variable(let v) = l.subject { within[v] = zip(within[v], l.allowed).map { $0 && $1 } } }
                return store.satisfiable(builder.diagrams(terms[k]) + also, within: within)
            }
        }
        // Inputs whose every band is still allowed were not given; those the section tests decide.
        let tested = builder.support(s.diagram)
        let deciding = space.vars.indices.filter { v in
            tested.contains(v) && bands[v].count > 1 && bands[v].allSatisfy { $0 }
        }.map { space.vars[$0].name }
        return Placement(code: code, kind: kind, terms: exact ? holding(exactTerms(s), [s.diagram]) : [],
                         within: holding(s.terms, [s.diagram]), except: holding(s.except, []), deciding: deciding)
    }
}

extension GuidelineDiff.Item {
    /// An item as a case's outcome gives it (tools outside the core build these from reports).
    public static func of(code: String, status: String) -> GuidelineDiff.Item { GuidelineDiff.Item(code: code, status: status) }
}
