/// Evaluates a checked program on one case: derived values in dependency order, then the
/// pathway with three-valued reachability.
///
/// `evaluate` runs the program's compiled form (`CompiledProgram`: flat register code, lazy
/// derived values, bit-set tables) when it has one; explanations and coverage use the tree
/// evaluator below, which is the reference semantics the compiled form is tested against.
public struct Evaluator: Sendable {
    public let program: Program
    /// The compiled form, or nil when the program falls outside it (strings, > 64 inputs).
    public let compiled: CompiledProgram?

    public init(program: Program) {
        self.init(program: program, compile: true)
    }

    /// `compile: false` evaluates everything with the tree evaluator.
    public init(program: Program, compile: Bool) {
        self.program = program
        self.compiled = compile ? CompiledProgram(program) : nil
    }

    /// The result for one case.
    public struct Outcome: Sendable {
        /// Every slot's value: inputs, then derived values.
        public var values: [Value]
        /// Indices of the recommendations made, in declaration order.
        public var recommended: [Int]
        /// Recommendations whose path is unknown, with the input slots that would decide them.
        public var undetermined: [(code: Int, needs: [Int])]

        public init(values: [Value], recommended: [Int], undetermined: [(code: Int, needs: [Int])]) {
            self.values = values
            self.recommended = recommended
            self.undetermined = undetermined
        }
    }

    /// One condition on the path to a recommendation, with the case's values.
    public struct Step: Sendable {
        public let branch: Branch
        /// True for an earlier `first` alternative that had to fail.
        public let negated: Bool
        public let truth: Truth
        /// The slots the condition reads, with their values.
        public let values: [(slot: Int, value: Value)]
    }

    /// Branches taken or not, table rows matched, recommendations made.
    public struct Coverage: Sendable {
        public var branchTaken: [Int]
        public var branchNotTaken: [Int]
        public var rowsMatched: [[Int]]
        public var recommended: [Int]
        public init(program: Program) {
            branchTaken = Array(repeating: 0, count: program.branchCount)
            branchNotTaken = Array(repeating: 0, count: program.branchCount)
            rowsMatched = program.tables.map { Array(repeating: 0, count: $0.rows.count) }
            recommended = Array(repeating: 0, count: program.recommendations.count)
        }
        public mutating func merge(_ o: Coverage) {
            for i in branchTaken.indices { branchTaken[i] += o.branchTaken[i]; branchNotTaken[i] += o.branchNotTaken[i] }
            for t in rowsMatched.indices { for r in rowsMatched[t].indices { rowsMatched[t][r] += o.rowsMatched[t][r] } }
            for i in recommended.indices { recommended[i] += o.recommended[i] }
        }
    }

    // MARK: entry points

    /// Evaluates a case given as input values (one per input; `.unknown` where missing and
    /// no default applies — apply defaults with `withDefaults`).
    public func evaluate(_ inputs: [Value]) -> Outcome {
        if let compiled {
            let outcome = compiled.withMachine { machine -> Outcome? in
                guard machine.load(inputs) else { return nil }
                machine.run()
                return machine.outcome()
            }
            if let outcome { return outcome }
        }
        return treeEvaluate(inputs)
    }

    /// The reference tree evaluator's outcome (what the compiled form must equal).
    public func treeEvaluate(_ inputs: [Value]) -> Outcome {
        var cov: Coverage? = nil
        return run(inputs, coverage: &cov, explain: nil).outcome
    }

    public func evaluate(_ inputs: [Value], coverage: inout Coverage) -> Outcome {
        var cov: Coverage? = coverage
        let r = run(inputs, coverage: &cov, explain: nil).outcome
        if let cov { coverage = cov }
        return r
    }

    /// The chain of conditions that led to each recommendation (or to its being undetermined).
    public func explain(_ inputs: [Value]) -> (Outcome, [Int: [Step]]) {
        var cov: Coverage? = nil
        let (o, paths, _) = run(inputs, coverage: &cov, explain: true)
        return (o, paths)
    }

    /// Per recommended code, the `because "…"` reasons on the way to it: those of the branches
    /// taken (outermost first), then that of the `recommend` statement that made it.
    public func reasons(_ inputs: [Value]) -> [Int: [String]] {
        var cov: Coverage? = nil
        let (o, paths, sites) = run(inputs, coverage: &cov, explain: true)
        var out: [Int: [String]] = [:]
        for code in o.recommended {
            var rs = (paths[code] ?? []).compactMap { $0.negated ? nil : $0.branch.because }
            if let site = sites[code], let r = program.recommendReasons[site] { rs.append(r) }
            out[code] = rs
        }
        return out
    }

    /// Input values with each input's default where the value is unknown.
    public func withDefaults(_ given: [Value?]) -> [Value] {
        program.inputs.indices.map { i in
            if i < given.count, let v = given[i] { return v }
            return program.inputs[i].defaultValue ?? .unknown
        }
    }

    /// Evaluates a closed expression (no slots), e.g. a constant at check time.
    public static func evaluateConstant(_ ir: IR) -> Value {
        var empty: [Value] = []
        return eval(ir, &empty)
    }

    /// Evaluates an expression against a case's full slot values.
    public func value(of ir: IR, in values: [Value]) -> Value {
        var v = values
        return Evaluator.eval(ir, &v)
    }

    // MARK: derived values

    func computeValues(_ inputs: [Value], coverage: inout Coverage?) -> [Value] {
        var values = inputs
        values.reserveCapacity(program.slotCount)
        while values.count < program.inputs.count { values.append(.unknown) }
        for d in program.derived {
            switch d.kind {
            case .letValue(let ir): values.append(Evaluator.eval(ir, &values))
            case .table(let t): values.append(evalTable(t, &values, coverage: &coverage))
            }
        }
        return values
    }

    func evalTable(_ t: Int, _ values: inout [Value], coverage: inout Coverage?) -> Value {
        let table = program.tables[t]
        var columnValues: [Value] = []
        columnValues.reserveCapacity(table.columns.count)
        for c in table.columns { columnValues.append(Evaluator.eval(c, &values)) }
        return TableTally.decide(table.policy, rowCount: table.rows.count, output: { table.rows[$0].output }) { r in
            var truth = Truth.yes
            for (k, cell) in table.rows[r].cells.enumerated() {
                truth = truth && Operators.cellTest(cell, columnValues[k])
                if truth == .no { break }
            }
            if truth == .yes, coverage != nil { coverage?.rowsMatched[t][r] += 1 }
            return truth
        }
    }

    // MARK: expressions

    static func eval(_ ir: IR, _ values: inout [Value]) -> Value {
        switch ir {
        case .constant(let v): return v
        case .slot(let s): return s < values.count ? values[s] : .unknown
        case .negate(let a): return Operators.negate(eval(a, &values))
        case .arith(let op, let a, let b): return Operators.arith(op, eval(a, &values), eval(b, &values))
        case .compare(let op, let a, let b): return Operators.compare(op, eval(a, &values), eval(b, &values))
        case .and(let a, let b):
            let x = Truth(eval(a, &values))
            if x == .no { return .bool(false) }
            return (x && Truth(eval(b, &values))).value
        case .or(let a, let b):
            let x = Truth(eval(a, &values))
            if x == .yes { return .bool(true) }
            return (x || Truth(eval(b, &values))).value
        case .not(let a): return (!Truth(eval(a, &values))).value
        case .member(let e, let s, let negated): return Operators.member(eval(e, &values), eval(s, &values), negated: negated)
        case .conditional(let c, let a, let b):
            let t = Truth(eval(c, &values))
            // Only the chosen branch is evaluated, unless the condition is unknown.
            switch t {
            case .yes: return eval(a, &values)
            case .no: return eval(b, &values)
            case .unknown: return Operators.select(t, eval(a, &values), eval(b, &values))
            }
        case .known(let a): return Operators.known(eval(a, &values))
        case .call(let f, let args): return evalCall(f, args, &values)
        }
    }

    /// Out of line, so that `eval`'s frame stays small for deep expressions.
    static func evalCall(_ f: Builtin, _ args: [IR], _ values: inout [Value]) -> Value {
        let a = args.first.map { eval($0, &values) } ?? .unknown
        let b = args.count > 1 ? eval(args[1], &values) : .unknown
        return Operators.call(f, a, b)
    }

    // MARK: pathway

    enum Status: Int { case no = 0, unknown = 1, yes = 2 }

    /// One case's walk of the pathway (`PathwayWalker` in Kleene truth values): what it
    /// recommends and, as asked, coverage counts, the path to each code and what would decide
    /// an undetermined one. Where to go is `walk`'s; this only records.
    struct Walk: PathwayWalker {
        let evaluator: Evaluator
        var values: [Value]
        var status: [Status]
        var coverage: Coverage?
        var explain: Bool
        var path: [Step] = []
        var paths: [Int: [Step]] = [:]
        /// The `recommend` statement each code on `paths` was made by.
        var sites: [Int: SourceRange] = [:]
        var needs: [Int: Set<Int>] = [:]

        var always: Truth { .yes }
        func and(_ a: Truth, _ b: Truth) -> Truth { a && b }
        func not(_ a: Truth) -> Truth { !a }
        func isNever(_ c: Truth) -> Bool { c == .no }

        mutating func test(_ condition: IR, of branch: Branch, arrival: Truth) -> Truth {
            arrival == .no ? .no : Truth(Evaluator.eval(condition, &values))
        }

        /// Coverage counts a branch only where the case surely arrives at it.
        mutating func arrive(_ v: BranchVisit<Truth>) {
            guard v.arrival == .yes, coverage != nil else { return }
            if v.test == .yes { coverage?.branchTaken[v.branch.id] += 1 }
            if v.test == .no { coverage?.branchNotTaken[v.branch.id] += 1 }
        }

        mutating func enter(_ v: BranchVisit<Truth>) {
            // `otherwise` holds by itself; the alternatives it depends on are the negated steps.
            if explain { path.append(step(v.branch, negated: false, v.branch.condition == nil ? .yes : v.test)) }
        }

        mutating func leave(_ v: BranchVisit<Truth>) {
            if explain { path.removeLast() }
        }

        mutating func failed(_ v: BranchVisit<Truth>) {
            if explain { path.append(step(v.branch, negated: true, v.test)) }
        }

        mutating func leaveFirst(failed: Int) {
            if explain { path.removeLast(failed) }
        }

        mutating func recommend(_ codes: [Int], _ site: SourceRange, reach: Truth) {
            let s: Status = reach == .yes ? .yes : .unknown
            for c in codes {
                if s.rawValue > status[c].rawValue {
                    status[c] = s
                    if explain, s == .yes { paths[c] = path; sites[c] = site }
                }
                if explain, s == .unknown, status[c] == .unknown {
                    if paths[c] == nil { paths[c] = path }
                    var needs = self.needs[c] ?? []
                    for st in path where st.truth == .unknown {
                        if let cond = st.branch.condition { evaluator.unknownInputs(cond, values, into: &needs) }
                    }
                    self.needs[c] = needs
                }
            }
        }

        func step(_ b: Branch, negated: Bool, _ t: Truth) -> Step {
            let slots = b.condition?.slots.sorted() ?? []
            return Step(branch: b, negated: negated, truth: negated ? !t : t, values: slots.map { ($0, values[$0]) })
        }
    }

    func run(_ inputs: [Value], coverage: inout Coverage?, explain: Bool?)
        -> (outcome: Outcome, paths: [Int: [Step]], sites: [Int: SourceRange]) {
        let values = computeValues(inputs, coverage: &coverage)
        var w = Walk(evaluator: self, values: values, status: Array(repeating: .no, count: program.recommendations.count),
                     coverage: coverage, explain: explain ?? false)
        program.pathway.walk(&w, reach: .yes)
        // Undetermined codes need a second, tracing walk to find what would decide them.
        if !w.explain, w.status.contains(.unknown) {
            var t = Walk(evaluator: self, values: w.values, status: w.status.map { _ in .no }, coverage: nil, explain: true)
            program.pathway.walk(&t, reach: .yes)
            w.needs = t.needs
        }
        coverage = w.coverage
        if coverage != nil {
            for (i, s) in w.status.enumerated() where s == .yes { coverage?.recommended[i] += 1 }
        }
        var recommended: [Int] = []
        var undetermined: [(Int, [Int])] = []
        for (i, s) in w.status.enumerated() {
            if s == .yes { recommended.append(i) }
            if s == .unknown { undetermined.append((i, (w.needs[i] ?? []).sorted())) }
        }
        return (Outcome(values: w.values, recommended: recommended, undetermined: undetermined), w.paths, w.sites)
    }

    /// The unknown inputs that make an expression unknown (the shared rule, `NeedsGraph`).
    public func unknownInputs(_ ir: IR, _ values: [Value], into out: inout Set<Int>) {
        IRNeeds(program: program, values: values).unknownInputs(of: ir) { out.insert($0) }
    }
}

/// The IR of a program as a needs graph, for one case's values.
struct IRNeeds: NeedsGraph {
    let program: Program
    let values: [Value]

    func isUnknown(_ ir: IR) -> Bool {
        var v = values
        return Evaluator.eval(ir, &v).isUnknown
    }

    func input(_ ir: IR) -> Int? {
        if case .slot(let s) = ir, s < program.inputs.count { return s }
        return nil
    }

    func forEachPart(of ir: IR, _ visit: (IR) -> Void) {
        guard case .slot(let s) = ir else { return ir.children.forEach(visit) }
        switch program.derived[s - program.inputs.count].kind {
        case .letValue(let e): visit(e)
        case .table(let t): program.tables[t].columns.forEach(visit)
        }
    }
}
