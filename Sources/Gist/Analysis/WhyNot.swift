/// Why a case did not get a recommendation, and the smallest changes of its inputs that would
/// give it — computed exactly from the regions where the code is recommended, not guessed.
public final class WhyNot {
    public let program: Program
    let space: Space
    let store: DiagramStore
    let diagrams: CompiledDiagrams
    /// Per code: the regions where it is made, as band words, and where a possible case does
    /// not get it (to widen a region by).
    var made: [Int: (regions: [[UInt64]], elsewhere: Int)] = [:]
    /// The input slot behind each variable (nil for an atom over several inputs), found once.
    let slots: [Int?]
    /// The input name(s) behind each variable, found once.
    let names: [String]
    let evaluator: Evaluator
    /// The last case's computed values, which atoms read: computed once per case, not per atom.
    var lastValues: (inputs: [Value], values: [Value])? = nil

    public init(program: Program) {
        self.program = program
        let space = Space([program])
        let store = DiagramStore(space: space, order: space.analysisOrder())
        self.space = space
        self.store = store
        self.diagrams = DiagramCompiler.compile(store: store, program: 0)
        let names = space.vars.indices.map { WhyNot.inputName($0, space: space, store: store) }
        self.names = names
        self.slots = names.map { name in program.inputs.firstIndex { $0.name == name } }
        self.evaluator = Evaluator(program: program, compile: false)
    }

    /// One way to get the code: the inputs to change, each with the condition it must meet.
    public struct Suggestion: Sendable, Equatable {
        public struct Change: Sendable, Hashable {
            public let input: String
            /// What the input must satisfy, e.g. `mitoses >= 6`.
            public let condition: String
            /// The case's current value, as text.
            public let now: String
        }
        public let changes: [Change]
        /// A concrete case (input values) that gets the code: the case with these changes.
        public let witness: [Value]
    }

    /// A condition on a path to the code, with how it came out on the case.
    public struct Blocker: Sendable, Equatable {
        public let condition: String
        public let holds: String
        public let location: String
        public let values: [String]
        /// The condition with the values it read after their names, as explanations show it.
        public let shown: String
        /// The computed values it reads, with what they were computed from.
        public let computed: [ComputedValue]
    }

    public struct Answer: Sendable {
        public let code: String
        /// Per `recommend` statement of the code: the conditions on its path that did not hold.
        public let blocked: [[Blocker]]
        /// The smallest sets of changes (fewest inputs), at most `limit` of them.
        public let suggestions: [Suggestion]
        /// True when no case at all can get the code.
        public let unreachable: Bool
        /// When the code is undetermined for the case (not simply not made): the missing
        /// inputs that would decide it; nil when it is not made.
        public var needs: [String]? = nil
        /// When every way to the code changes an input declared `fixed`: those inputs (and no
        /// suggestion is made).
        public var onlyByChanging: [String] = []
    }

    /// How the answer starts: `is undetermined (needs mitoses)` or `is not recommended`.
    public static func status(_ a: Answer) -> String {
        guard let needs = a.needs else { return "is not recommended" }
        return "is undetermined (needs \(needs.isEmpty ? "a table row that matches" : needs.joined(separator: ", ")))"
    }

    /// The suggestions as lines (`would recommend it if …`, `or …`), or why there are none;
    /// every line starts with `indent`.
    public static func suggestionLines(_ a: Answer, indent: String) -> String {
        if a.unreachable { return indent + "no case can get it: check the guideline (gist check)\n" }
        if !a.onlyByChanging.isEmpty {
            let names = a.onlyByChanging.joined(separator: ", ")
            return indent + "only a change of \(names) would give it, and \(names) \(a.onlyByChanging.count == 1 ? "is" : "are") fixed\n"
        }
        var out = ""
        for (k, s) in a.suggestions.enumerated() {
            let change = s.changes.map { "\($0.condition) (now \($0.now))" }.joined(separator: " and ")
            out += indent + (k == 0 ? "would recommend it if " : "                    or ") + change + "\n"
        }
        return out
    }

    /// The regions where the code is recommended, as band words, and the diagram of the
    /// possible cases that do not get it.
    func regions(_ code: Int) -> (regions: [[UInt64]], elsewhere: Int) {
        if let r = made[code] { return r }
        let isMade = store.map(diagrams.status[code], op: store.newOp()) { t in
            if case .status(let s) = t { return .value(.bool(s == 2)) }
            return .value(.bool(false))
        }
        let words = store.mergeBandBoxes(store.cover(isMade).map { (store.bandBox($0), 0) }).map { store.withoutImpliedAtoms($0.0) }
        let r = (words, store.and(store.feasible, store.not(isMade)))
        made[code] = r
        return r
    }

    /// `region` without its constraints on the variables in `vars` (those the case leaves
    /// open) that the code does not need there: a variable is freed when every possible case
    /// of the wider region still gets the code. The cover splits regions over variables the
    /// code does not read (where atoms and the inputs they read cannot take every
    /// combination), and a case that lacks such an input lies outside each piece, though any
    /// value of it would do.
    func widened(_ region: [UInt64], over vars: [Int], elsewhere: Int) -> [UInt64] {
        var words = region
        for v in vars {
            var wider = words
            wider[v] = store.fullWord(v)
            if !store.satisfiable([elsewhere], within: store.bandSet(wider)) { words = wider }
        }
        return words
    }

    public func answer(inputs: [Value], code: Int, limit: Int = 5) -> Answer {
        let p = program
        let blocked = blockers(inputs, code)
        let (madeRegions, elsewhere) = regions(code)
        // For each region: the variables where the case lies outside it. A region that moves
        // a `fixed` input the case gives is no way for this case (a missing one may be given).
        var candidates: [(vars: [Int], box: Box, inputs: Int)] = []
        var fixedMoved = Set<String>()
        // Regions share most of their domains: decide each (variable, domain) for the case once.
        var known: [Int: [Domain: Bool]] = [:]
        func holds(_ v: Int, _ d: Domain) -> Bool {
            if let t = known[v]?[d] { return t }
            let t = inside(inputs, v, d)
            known[v, default: [:]][d] = t
            return t
        }
        for region in madeRegions {
            var box = store.box(region)
            var outside: [Int] = []
            for (v, d) in box.domains.enumerated() where !holds(v, d) { outside.append(v) }
            let unknown = outside.filter { unknownInCase(inputs, $0) }
            if !unknown.isEmpty {
                box = store.box(widened(region, over: unknown, elsewhere: elsewhere))
                outside = outside.filter { !holds($0, box.domains[$0]) }
            }
            let moved = outside.flatMap(inputVariables).compactMap(slot).filter { p.inputs[$0].fixed && $0 < inputs.count && !inputs[$0].isUnknown }
            if !moved.isEmpty { fixedMoved.formUnion(moved.map { p.inputs[$0].name }); continue }
            candidates.append((outside, box, inputCount(outside)))
        }
        let fewest = candidates.map(\.inputs).min() ?? 0
        var seen = Set<[Suggestion.Change]>()
        var suggestions: [Suggestion] = []
        for c in candidates.sorted(by: { $0.inputs < $1.inputs }) where c.inputs <= fewest {
            var changes: [Suggestion.Change] = []
            for v in c.vars {
                let sv = space.vars[v]
                let condition = Regions.constraints(Box(domains: space.vars.indices.map { $0 == v ? c.box.domains[v] : space.vars[$0].full }), space: space).first ?? "\(sv.name) is given"
                changes.append(Suggestion.Change(input: inputName(v), condition: condition, now: current(inputs, v)))
            }
            if !seen.insert(changes).inserted { continue }
            // The case moved into the region: keep its values where they are inside. Shown only
            // if evaluation puts it there (atoms: the solver's case, checked).
            guard let target = store.verifiedWitness(c.box, programIndex: 0) else { continue }
            var witness = inputs
            for v in c.vars { for u in inputVariables(v) { apply(u, from: target, to: &witness) } }
            guard c.box.domains.enumerated().allSatisfy({ inside(witness, $0.offset, $0.element) }) else { continue }
            // Shown only if evaluating the changed case really gives the code.
            guard evaluator.evaluate(witness).recommended.contains(code) else { continue }
            suggestions.append(Suggestion(changes: changes, witness: witness))
            if suggestions.count >= limit { break }
        }
        var a = Answer(code: p.recommendations[code].code, blocked: blocked, suggestions: suggestions, unreachable: madeRegions.isEmpty)
        if let u = evaluator.evaluate(inputs).undetermined.first(where: { $0.code == code }) { a.needs = u.needs.map { p.inputs[$0].name } }
        if candidates.isEmpty { a.onlyByChanging = fixedMoved.sorted() }
        return a
    }

    /// Whether the case leaves variable `v` open: an input it does not give, or an atom that
    /// reads one.
    func unknownInCase(_ inputs: [Value], _ v: Int) -> Bool {
        if case .presence = space.vars[v].kind { return false }
        return inputVariables(v).contains { u in slot(u).map { $0 >= inputs.count || inputs[$0].isUnknown } ?? false }
    }

    /// Distinct inputs among variables (a set input's members count once).
    func inputCount(_ vars: [Int]) -> Int { Set(vars.map(inputName)).count }

    /// The input variables behind `v`: itself, or for an atom the inputs it reads.
    func inputVariables(_ v: Int) -> [Int] {
        guard space.atom(v) != nil, let enc = store.encoding else { return [v] }
        return space.atom(v).map { enc.variables(of: $0).sorted() } ?? [v]
    }

    func inputName(_ v: Int) -> String { names[v] }

    static func inputName(_ v: Int, space: Space, store: DiagramStore) -> String {
        if let atom = space.atom(v), let enc = store.encoding {
            return enc.variables(of: atom).sorted().map { space.vars[$0].name }.joined(separator: ", ")
        }
        return space.vars[v].inputName
    }

    func slot(_ v: Int) -> Int? { slots[v] }

    func inside(_ inputs: [Value], _ v: Int, _ d: Domain) -> Bool {
        // A region that does not constrain a variable holds whatever its value (even unknown).
        if d == space.vars[v].full { return true }
        if space.atom(v) != nil { return atomInside(inputs, v, d) }
        guard let s = slot(v), s < inputs.count else { return false }
        let value = inputs[s]
        switch (space.vars[v].kind, d, value) {
        case (.numeric, .interval(let iv), .number(let x)): return iv.contains(x)
        case (.bool, .mask(let m), .bool(let b)): return m & (b ? 0b10 : 0b01) != 0
        case (.presence, .mask(let m), _): return m & (value.isUnknown ? 0b01 : 0b10) != 0
        case (.enumeration, .mask(let m), .member(let i)): return m & (1 << UInt64(i)) != 0
        case (.setMember(_, let member), .mask(let m), .set(let mask)):
            guard case .set(let e) = program.inputs[s].type, let i = program.enums[e].index(of: member) else { return false }
            return m & (mask & (1 << UInt64(i)) != 0 ? 0b10 : 0b01) != 0
        default: return d == space.vars[v].full && !value.isUnknown
        }
    }

    /// Whether atom `v` evaluates, for a case that may leave other inputs unknown, to a value
    /// in `d`.
    func atomInside(_ inputs: [Value], _ v: Int, _ d: Domain) -> Bool {
        guard case .mask(let m) = d, let (ir, atom) = space.bindings[0].atomVar.first(where: { $0.value.variable == v }) else { return false }
        let band: Int
        switch evaluator.value(of: ir, in: computedValues(inputs)) {
        case .bool(let t): band = t != atom.negated ? 1 : 0
        default: band = 2
        }
        return m & (1 << UInt64(band)) != 0
    }

    func computedValues(_ inputs: [Value]) -> [Value] {
        if let last = lastValues, last.inputs == inputs { return last.values }
        var coverage: Evaluator.Coverage? = nil
        let values = evaluator.computeValues(inputs, coverage: &coverage)
        lastValues = (inputs, values)
        return values
    }

    func current(_ inputs: [Value], _ v: Int) -> String {
        if space.atom(v) != nil {
            // Undetermined for want of an input the case does not give, not by arithmetic.
            if unknownInCase(inputs, v) { return "unknown" }
            let band = (0..<3).first { inside(inputs, v, .mask(1 << UInt64($0))) } ?? 2
            return Regions.constraint(v, .mask(1 << UInt64(band)), space: space) ?? "unknown"
        }
        guard let s = slot(v), s < inputs.count else { return "unknown" }
        if case .setMember(_, let member) = space.vars[v].kind, case .set(let mask) = inputs[s],
           case .set(let e) = program.inputs[s].type, let i = program.enums[e].index(of: member) {
            return mask & (1 << UInt64(i)) != 0 ? "\(member) is in it" : "\(member) is not in it"
        }
        return program.formatSlot(s, inputs[s])
    }

    func apply(_ v: Int, from target: [Value], to values: inout [Value]) {
        guard let s = slot(v), s < values.count, s < target.count else { return }
        if case .setMember(_, let member) = space.vars[v].kind, case .set(let e) = program.inputs[s].type,
           let i = program.enums[e].index(of: member), case .set(let want) = target[s] {
            var mask: UInt64 = 0
            if case .set(let m) = values[s] { mask = m }
            let bit: UInt64 = 1 << UInt64(i)
            mask = want & bit != 0 ? mask | bit : mask & ~bit
            values[s] = .set(mask)
            return
        }
        values[s] = target[s]
    }

    /// The conditions on each path to the code that did not hold for the case.
    func blockers(_ inputs: [Value], _ code: Int) -> [[Blocker]] {
        let p = program
        let ev = Evaluator(program: p)
        let values = ev.evaluate(inputs).values
        var out: [[Blocker]] = []
        func blocker(_ b: Branch, negated: Bool) -> Blocker? {
            guard let c = b.condition else { return nil }
            var t = Truth(ev.value(of: c, in: values))
            if negated { t = !t }
            if t == .yes { return nil }
            let shown = c.slots.sorted().map { "\(p.slotName($0)) = \(p.formatSlot($0, values[$0]))" }
            return Blocker(condition: negated ? ConditionText.negated(b.source) : b.source, holds: t == .no ? "false" : "unknown",
                           location: b.range.description, values: shown,
                           shown: ConditionText.shown(b.source, negated: negated, values: p.shownValues(c.slots, values)),
                           computed: p.computedValues(read: c.slots, in: values))
        }
        p.pathway.forEachRecommend { codes, _, path in
            if codes.contains(code) { out.append(path.compactMap { blocker($0.branch, negated: $0.negated) }) }
        }
        return out
    }
}
