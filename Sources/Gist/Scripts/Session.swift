/// Runs script statements — `use`, `case`, `cases`, `expect`, `what if`, `print` — against a
/// guideline. `gist test` runs whole scripts through it; the REPL feeds it one statement at a
/// time. File access comes through a `SessionHost`, so the core stays free of I/O.
public protocol SessionHost {
    /// The text of a guideline file.
    func readSource(path: String) throws -> String
    /// The records of a case file, each parsed or rejected.
    func readRecords(path: String, displayPath: String) throws -> [Result<RawRecord, RecordError>]
}

/// What running a statement produced, in order.
public enum SessionEvent: Sendable {
    case diagnostic(Diagnostic)
    /// Output of `print` and `what if`.
    case text(String)
    case expectation(ExpectationResult)
}

public struct ExpectationResult: Sendable {
    public let passed: Bool
    public let range: SourceRange
    /// The statement as written.
    public let statement: String
    public let expected: String
    public let actual: String
    /// Why the case came out as it did (for failures).
    public let explanation: String
}

/// Coverage gathered over all scripts, per guideline file.
public final class CoverageStore: @unchecked Sendable {
    public private(set) var order: [String] = []
    public private(set) var entries: [String: (program: Program, coverage: Evaluator.Coverage)] = [:]
    public init() {}

    func add(path: String, program: Program, _ c: Evaluator.Coverage) {
        if var e = entries[path], e.program.branchCount == program.branchCount, e.program.tables.count == program.tables.count {
            e.coverage.merge(c)
            entries[path] = e
        } else {
            if entries[path] == nil { order.append(path) }
            entries[path] = (program, c)
        }
    }
}

public final class Session {
    public struct Loaded {
        public let path: String
        public let program: Program
        public let evaluator: Evaluator
        public let binder: CaseBinder
    }

    /// Where a case came from, kept so the case can be re-bound after a guideline is reloaded.
    public enum CaseOrigin {
        case fields([FieldAssignment], SourceFile)
        case record(RawRecord)
    }

    public struct NamedCase {
        public let name: String
        public var origin: CaseOrigin
        /// Inputs changed afterwards (`:set`), by name; nil value = made unknown (`:unset`).
        public var overrides: [(String, Value?)] = []
    }

    public let host: SessionHost
    public let coverage: CoverageStore?
    /// The evaluation date (days since 1970-01-01) of guidelines that read `today`; nil leaves
    /// `today` unknown unless a case gives it.
    public var evaluationDate: Int?
    public private(set) var loaded: Loaded?
    /// The guideline the last load could not load, so later statements say so.
    var failedLoad: String?
    /// The evaluation date (`YYYY-MM-DD`) once a guideline that reads `today` is loaded, for
    /// outputs to echo.
    public private(set) var evaluatedAsOf: String?
    public private(set) var cases: [String: NamedCase] = [:]
    public private(set) var caseOrder: [String] = []
    var outcomes: [String: (inputs: [Value], outcome: Evaluator.Outcome)] = [:]
    /// Why-not analyses per guideline path, built on the first failed expectation that needs one.
    var whyNotCache: [String: WhyNot] = [:]

    public internal(set) var passed = 0
    public internal(set) var failed = 0
    /// Statements that could not run (diagnostics of severity error).
    public private(set) var errors = 0

    public init(host: SessionHost, coverage: CoverageStore? = nil, evaluationDate: Int? = nil) {
        self.host = host
        self.coverage = coverage
        self.evaluationDate = evaluationDate
    }

    // MARK: running

    /// Runs a parsed script: every statement, in order, reporting through `emit`.
    public func run(_ unit: SourceUnit, emit: (SessionEvent) -> Void) {
        for item in unit.items {
            switch item {
            case .script(let s): execute(s, file: unit.file, emit: emit)
            default:
                report(Diagnostic(.declarationInScript, "declarations belong in a guideline; a script can 'use' one",
                                  at: SourceRange(unit.file, item.span)), emit)
            }
        }
    }

    func report(_ d: Diagnostic, _ emit: (SessionEvent) -> Void) {
        if d.severity == .error { errors += 1 }
        emit(.diagnostic(d))
    }

    public func execute(_ stmt: ScriptStmt, file: SourceFile, emit: (SessionEvent) -> Void) {
        let dir = Paths.directory(of: file.name)
        switch stmt {
        case .use(let path, let span):
            load(Paths.join(dir, path), at: SourceRange(file, span), emit: emit)
        case .caseDef(let name, let fields, _):
            guard requireGuideline(SourceRange(file, name.span), emit) != nil else { return }
            let c = NamedCase(name: name.text, origin: .fields(fields, file))
            if bind(c, emit: emit) != nil { define(c) }
        case .cases(let path, let span):
            guard requireGuideline(SourceRange(file, span), emit) != nil else { return }
            loadCases(Paths.join(dir, path), display: Paths.join(dir, path), at: SourceRange(file, span), emit: emit)
        case .expect(let name, let expectation, let span):
            expect(name, expectation, SourceRange(file, span), file: file, emit: emit)
        case .whatIf(let name, let fields, let span):
            whatIf(name, fields, SourceRange(file, span), file: file, emit: emit)
        case .printCase(let name, _):
            guard let (l, o) = outcome(name, file: file, emit) else { return }
            emit(.text(CaseText.render(name.text, o.outcome, l.program)))
        case .printValue(let e, let name, _):
            guard let (l, o) = outcome(name, file: file, emit) else { return }
            var checker = Checker(file: file, program: l.program)
            let (ir, t, ds) = checker.checkExpression(e, expected: nil)
            for d in ds { report(d, emit) }
            if ds.contains(where: { $0.severity == .error }) { return }
            let v = l.evaluator.value(of: ir, in: o.outcome.values)
            let why = v.isUnknown ? " — " + l.evaluator.whyUndetermined(ir, o.outcome.values) : ""
            emit(.text("\(file.text(of: e.span)) = \(shown(v, t, e, l.program))\(why)\n"))
        case .eval(let e, let span):
            guard let l = requireGuideline(SourceRange(file, span), emit) else { return }
            var checker = Checker(file: file, program: l.program)
            let (ir, t, ds) = checker.checkExpression(e, expected: nil)
            for d in ds { report(d, emit) }
            if ds.contains(where: { $0.severity == .error }) { return }
            if !ir.slots.isEmpty {
                report(Diagnostic(.needsCase, "this expression reads inputs; evaluate it on a case: print … of CASE",
                                  at: SourceRange(file, span)), emit)
                return
            }
            let v = Evaluator.evaluateConstant(ir)
            let why = v.isUnknown ? " — " + l.evaluator.whyUndetermined(ir, []) : ""
            emit(.text("\(shown(v, t, e, l.program))\(why)\n"))
        }
    }

    /// A printed value: a quantity in the unit the expression is written in (the first input
    /// with a unit, or the first unit written: `10 cm / 3` in cm, `2 years` in years), and a
    /// result that does not end within 6 decimals rounded to 2 (`3.33 cm`).
    func shown(_ v: Value, _ t: GType, _ e: Expr, _ p: Program) -> String {
        guard case .number(let x) = v else { return p.format(v, type: t) }
        let written = unitOf(e, p)
        let d: Dimension
        switch t {
        case .quantity(let x): d = x
        // A number the guideline compares with a ratio's unit (`dose_per_kg > 10 mg/kg`).
        case .number where written?.dimension.isRatio == true: d = .ratio
        default: return p.format(.number(Self.rounded(x)), type: t)
        }
        let unit = (Units.shownUnit(x, written: written, dimension: d) ?? Units.lookup(d.displayUnit)).flatMap { $0.dimension == d ? $0 : nil }
        let factor = unit?.factor ?? .one
        guard let inUnit = x.divided(by: factor), let back = Self.rounded(inUnit).multiplied(by: factor) else {
            return p.format(v, type: t, unit: unit)
        }
        return p.format(.number(back), type: t, unit: unit)
    }

    /// Rounded to 2 decimals when it does not end within 6 (a repeating fraction), unless that
    /// leaves nothing of it (a small ratio is shown to 12 significant digits instead).
    static func rounded(_ x: Rational) -> Rational {
        if x.rounded(toDecimalPlaces: 6) == x { return x }
        guard let r = x.rounded(toDecimalPlaces: 2), r != .zero else { return x }
        return r
    }

    /// The unit to show a value in: that of the first input or let with a unit (`Program.slotUnit`),
    /// else of the first number written with a unit, in source order.
    func unitOf(_ e: Expr, _ p: Program) -> UnitInfo? {
        var stack = [e]
        var written: UnitInfo?
        while let x = stack.popLast() {
            switch x.kind {
            case .name(let n):
                if let s = p.slot(named: n), let u = p.slotUnit(s) { return u }
            case .number(_, _, let unit?):
                if written == nil { written = Units.lookup(unit.text) }
            case .negate(let a), .not(let a), .paren(let a): stack.append(a)
            case .arith(_, let a, let b), .and(let a, let b), .or(let a, let b), .membership(let a, let b, _): stack += [b, a]
            case .compare(let operands, _): stack += operands.reversed()
            case .conditional(let c, let a, let b): stack += [b, a, c]
            case .call(_, let args): stack += args.reversed()
            default: break
            }
        }
        return written
    }

    // MARK: guideline

    /// Loads (or reloads) a guideline. Cases are kept and re-bound.
    @discardableResult
    public func load(_ path: String, at range: SourceRange?, emit: (SessionEvent) -> Void) -> Bool {
        failedLoad = path
        let text: String
        do { text = try host.readSource(path: path) } catch {
            report(Diagnostic(.unreadable, "cannot read \(path): \(ModuleLoader.reason(error, reading: path))", at: range), emit)
            return false
        }
        let host = self.host
        let compilation = Compilation(SourceFile(name: path, text: text), read: { try host.readSource(path: $0) })
        // A script's statements would each be reported as out of place: say what it is instead.
        if !compilation.unit.isGuideline, !compilation.unit.hasSyntaxErrors, compilation.unit.items.contains(where: { if case .script = $0 { true } else { false } }) {
            report(Diagnostic(.notAGuideline, "\(path) is a script, not a guideline: run it with 'gist test', or in the REPL with ':source \(path)'", at: range), emit)
            return false
        }
        for d in compilation.errors { report(d, emit) }
        guard let program = compilation.program.map({ p in evaluationDate.map { p.evaluated(asOf: $0) } ?? p }) else {
            report(Diagnostic(.guidelineHasErrors, "\(path) has errors; nothing was loaded", at: range), emit)
            return false
        }
        if program.name.isEmpty && program.pathway.isEmpty {
            report(Diagnostic(.notAGuideline, "\(path) is a module (declarations only), not a guideline: a guideline reads it with use \"\(path)\"", at: range), emit)
            return false
        }
        loaded = Loaded(path: path, program: program, evaluator: Evaluator(program: program), binder: CaseBinder(program: program))
        outcomes = [:]
        failedLoad = nil
        evaluatedAsOf = program.evaluationDate ?? evaluatedAsOf
        return true
    }

    func requireGuideline(_ range: SourceRange, _ emit: (SessionEvent) -> Void) -> Loaded? {
        if let loaded { return loaded }
        let message = failedLoad.map { "no guideline is loaded: \($0) could not be loaded (see the error above)" }
            ?? "no guideline is loaded; start the script with: use \"path.gist\""
        report(Diagnostic(.noGuideline, message, at: range), emit)
        return nil
    }

    // MARK: cases

    func define(_ c: NamedCase) {
        if cases[c.name] == nil { caseOrder.append(c.name) }
        cases[c.name] = c
        outcomes[c.name] = nil
    }

    public func removeCase(_ name: String) {
        cases[name] = nil
        caseOrder.removeAll { $0 == name }
        outcomes[name] = nil
    }

    /// Changes (or with nil, clears) one input of a case.
    public func override(_ name: String, input: String, value: Value?) {
        guard var c = cases[name] else { return }
        c.overrides.removeAll { $0.0 == input }
        c.overrides.append((input, value))
        cases[name] = c
        outcomes[name] = nil
    }

    /// The case's input values under the loaded guideline, or diagnostics.
    func bind(_ c: NamedCase, emit: (SessionEvent) -> Void) -> [Value]? {
        guard let l = loaded, let given = self.given(c, emit: emit) else { return nil }
        return l.evaluator.withDefaults(given)
    }

    /// The inputs a case gives — its fields or record, then `:set`/`:unset` (`.unknown`) — by
    /// slot of the loaded guideline, before defaults; nil where not given. For tools that
    /// write a case out again or carry it to another guideline (REPL `:save`, `:diff`).
    public func givenInputs(of name: String, emit: (SessionEvent) -> Void) -> [Value?]? {
        cases[name].flatMap { given($0, emit: emit) }
    }

    func given(_ c: NamedCase, emit: (SessionEvent) -> Void) -> [Value?]? {
        guard let l = loaded else { return nil }
        var given = [Value?](repeating: nil, count: l.program.inputs.count)
        var ok = true
        switch c.origin {
        case .fields(let fields, let file):
            var seen: Set<String> = []
            for f in fields {
                if !seen.insert(f.name.text).inserted {
                    report(Diagnostic(.duplicateField, "'\(f.name.text)' is given twice", at: SourceRange(file, f.name.span)), emit)
                    ok = false
                    continue
                }
                switch fieldValue(f, file: file, l.program, emit) {
                case .some(let (slot, v)): given[slot] = v
                case .none: ok = false
                }
            }
        case .record(let r):
            switch l.binder.bind(r) {
            case .success(let b): for (i, g) in b.given.enumerated() where g { given[i] = b.inputs[i] }
            case .failure(let errs):
                for e in errs.errors { report(Diagnostic(.badRecord, e.description, at: nil), emit) }
                ok = false
            }
        }
        for (input, v) in c.overrides {
            if let s = l.program.inputs.firstIndex(where: { $0.name == input }) { given[s] = v ?? .unknown }
        }
        return ok ? given : nil
    }

    /// Checks `field: value` against the input's type and range.
    public func fieldValue(_ f: FieldAssignment, file: SourceFile, _ p: Program, _ emit: (SessionEvent) -> Void) -> (Int, Value)? {
        guard let slot = p.inputs.firstIndex(where: { $0.name == f.name.text }) else {
            let note = Suggest.didYouMean(f.name.text, among: p.inputs.map(\.name))
            report(Diagnostic(.unknownField, "'\(f.name.text)' is not an input of the guideline", at: SourceRange(file, f.name.span), notes: note), emit)
            return nil
        }
        let input = p.inputs[slot]
        if input.type == .quantity(.date) {
            // A date is written as in records: "2024-03-01".
            guard case .string(let s) = f.value.kind, let day = CalendarDate.parse(s) else {
                report(Diagnostic(.badDate, "'\(input.name)' is a date: write it \"YYYY-MM-DD\" (a real calendar day)",
                                  at: SourceRange(file, f.value.span)), emit)
                return nil
            }
            return (slot, .number(Rational(day)))
        }
        if case .quantity(let d) = input.type, case .number(_, let text, nil) = f.value.kind {
            report(Diagnostic(.missingUnit, "'\(input.name)' is \(d.withArticle): give a unit, e.g. \(text) \(input.unit?.name ?? d.baseUnit)",
                              at: SourceRange(file, f.value.span)), emit)
            return nil
        }
        var checker = Checker(file: file, program: p)
        let (v, ds) = checker.checkConstant(f.value, type: input.type, what: "a case value")
        for d in ds { report(d, emit) }
        guard let v, !ds.contains(where: { $0.severity == .error }) else { return nil }
        if case .number(let x) = v {
            if case .failure(let e) = CaseBinder(program: p).checkRange(x, input) {
                report(Diagnostic(.outOfRange, e.message, at: SourceRange(file, f.value.span)), emit)
                return nil
            }
            if input.type == .count, x < .zero || !x.isInteger {
                report(Diagnostic(.badCount, "'\(input.name)' is a count: a whole number >= 0", at: SourceRange(file, f.value.span)), emit)
                return nil
            }
        }
        return (slot, v)
    }

    func loadCases(_ path: String, display: String, at range: SourceRange, emit: (SessionEvent) -> Void) {
        let results: [Result<RawRecord, RecordError>]
        do { results = try host.readRecords(path: path, displayPath: display) } catch {
            report(Diagnostic(.unreadable, "cannot read cases from \(display): \(error)", at: range), emit)
            return
        }
        for r in results {
            switch r {
            case .failure(let e): report(Diagnostic(.badRecord, e.description, at: range), emit)
            case .success(let rec):
                guard let l = loaded else { return }
                switch l.binder.bind(rec) {
                case .failure(let errs):
                    for e in errs.errors { report(Diagnostic(.badRecord, e.description, at: range), emit) }
                case .success(let b):
                    define(NamedCase(name: b.id, origin: .record(rec)))
                }
            }
        }
    }

    /// The evaluated outcome of a named case (cached until the case or guideline changes).
    public func outcome(_ name: Name, file: SourceFile, _ emit: (SessionEvent) -> Void) -> (Loaded, (inputs: [Value], outcome: Evaluator.Outcome))? {
        guard let l = requireGuideline(SourceRange(file, name.span), emit) else { return nil }
        guard let c = cases[name.text] else {
            let note = Suggest.didYouMean(name.text, among: caseOrder)
            report(Diagnostic(.unknownCase, "no case named '\(name.text)'", at: SourceRange(file, name.span), notes: note), emit)
            return nil
        }
        if let o = outcomes[name.text] { return (l, o) }
        guard let inputs = bind(c, emit: emit) else { return nil }
        let o = evaluate(inputs, l)
        outcomes[name.text] = (inputs, o)
        return (l, (inputs, o))
    }

    func evaluate(_ inputs: [Value], _ l: Loaded) -> Evaluator.Outcome {
        guard let coverage else { return l.evaluator.evaluate(inputs) }
        var cov = Evaluator.Coverage(program: l.program)
        let o = l.evaluator.evaluate(inputs, coverage: &cov)
        coverage.add(path: l.path, program: l.program, cov)
        return o
    }

    /// Input values of a case by name, for tools (REPL `:show`).
    public func inputs(of name: String) -> [Value]? {
        if let o = outcomes[name] { return o.inputs }
        guard let c = cases[name] else { return nil }
        return bind(c, emit: { _ in })
    }
}
