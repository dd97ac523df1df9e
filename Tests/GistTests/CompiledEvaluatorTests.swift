import Foundation
import GistTestSupport
import Testing
@testable import Gist

/// The shared seeded generator (RandomGuidelines.swift).
typealias CaseRandom = GenRandom

/// Random input values for any program: numbers at, next to and between the thresholds the
/// program mentions, every enum member, random sets, and unknowns (often for inputs without a
/// default, sometimes for the others).
struct RandomCases {
    let program: Program
    let thresholds: [Rational]

    init(_ p: Program) {
        program = p
        var t: Set<Rational> = [0, 1]
        func visit(_ ir: IR) {
            switch ir {
            case .constant(.number(let x)): t.insert(x)
            case .constant, .slot: break
            case .negate(let a), .not(let a): visit(a)
            case .arith(_, let a, let b), .compare(_, let a, let b), .and(let a, let b), .or(let a, let b),
                 .member(let a, let b, _):
                visit(a); visit(b)
            case .conditional, .known, .call: ir.children.forEach(visit)
            }
        }
        p.forEachExpression(visit)
        for table in p.tables {
            for row in table.rows { for cell in row.cells { t.formUnion(cell.cutPoints) } }
        }
        thresholds = t.filter(\.isFinite).sorted()
    }

    func number(_ g: inout CaseRandom, whole: Bool) -> Rational {
        let t = thresholds.randomElement(using: &g) ?? 0
        // A step of 0.01 to 2 (hundredths), or 1 for whole numbers.
        let step = whole ? Rational.one : Rational(Int64.random(in: 1...200, using: &g), 100) ?? .one
        var x: Rational
        switch Int.random(in: 0..<4, using: &g) {
        case 0: x = t
        case 1: x = t.adding(step) ?? t
        case 2: x = t.subtracting(step) ?? t
        default: x = Rational(Double.random(in: 0...((thresholds.last ?? 10).doubleValue * 1.5 + 1), using: &g)).rounded(toDecimalPlaces: 3) ?? t
        }
        if whole { x = max(0, x.rounded(toDecimalPlaces: 0) ?? 0) }
        return x
    }

    func value(_ type: GType, _ g: inout CaseRandom) -> Value {
        switch type {
        case .bool: return .bool(Bool.random(using: &g))
        case .number: return .number(number(&g, whole: false))
        case .count: return .number(number(&g, whole: true))
        case .quantity: return .number(max(0.001, number(&g, whole: false)))
        case .enumeration(let e): return .member(Int.random(in: 0..<program.enums[e].members.count, using: &g))
        case .set(let e):
            var mask: UInt64 = 0
            for m in 0..<program.enums[e].members.count where Int.random(in: 0..<10, using: &g) < 3 {
                mask |= 1 << UInt64(m)
            }
            return .set(mask)
        case .string: return .string(["a", "b", ""].randomElement(using: &g) ?? "")
        case .error: return .unknown
        }
    }

    func next(_ g: inout CaseRandom) -> [Value] {
        program.inputs.map { input in
            let unknownPercent = input.defaultValue == nil ? 20 : 4
            if Int.random(in: 0..<100, using: &g) < unknownPercent { return .unknown }
            if input.defaultValue != nil, Int.random(in: 0..<100, using: &g) < 40 { return input.defaultValue ?? .unknown }
            return value(input.type, &g)
        }
    }
}

func describeOutcome(_ o: Evaluator.Outcome, _ p: Program) -> String {
    "recommended \(p.codes(o.recommended)), undetermined "
        + o.undetermined.map { "\(p.recommendations[$0.code].code) needs \($0.needs.map { p.inputs[$0].name })" }.joined(separator: "; ")
}

/// Compiled and tree evaluation agree on recommended codes, undetermined codes with their
/// needs, and every slot's value. Returns the number of mismatches (recorded as issues).
@discardableResult
func expectCompiledEqualsTree(_ p: Program, cases: Int, seed: UInt64, sourceLocation: SourceLocation = #_sourceLocation) -> Int {
    let ev = Evaluator(program: p)
    guard ev.compiled != nil else {
        Issue.record("\(p.name): not compiled", sourceLocation: sourceLocation)
        return 1
    }
    let gen = RandomCases(p)
    var g = CaseRandom(seed: seed)
    var mismatches = 0
    // A long-lived machine that learns a decision tree, where the program allows one.
    let learner = ev.compiled.map { CompiledMachine($0, decisionTree: true) }
    for n in 0..<cases {
        let inputs = gen.next(&g)
        let a = ev.evaluate(inputs), b = ev.treeEvaluate(inputs)
        var same = a.recommended == b.recommended
            && a.undetermined.map(\.code) == b.undetermined.map(\.code)
            && a.undetermined.map(\.needs) == b.undetermined.map(\.needs)
            && a.values == b.values
        if let learner, learner.load(inputs) {
            learner.run()
            let c = learner.outcome()
            same = same && c.recommended == b.recommended && c.undetermined.map(\.code) == b.undetermined.map(\.code)
                && c.undetermined.map(\.needs) == b.undetermined.map(\.needs) && c.values == b.values
        }
        if !same {
            mismatches += 1
            if mismatches <= 3 {
                let given = zip(p.inputs, inputs).map { "\($0.name)=\(p.format($1, type: $0.type, unit: $0.unit))" }
                let values = (0..<p.slotCount).filter { a.values[$0] != b.values[$0] }
                    .map { "\(p.slotName($0)): compiled \(a.values[$0]) tree \(b.values[$0])" }
                Issue.record("""
                    \(p.name) case \(n): \(given.joined(separator: ", "))
                    compiled: \(describeOutcome(a, p))
                    tree:     \(describeOutcome(b, p))
                    \(values.joined(separator: "\n"))
                    """, sourceLocation: sourceLocation)
            }
        }
    }
    return mismatches
}

@Suite struct CompiledEvaluatorTests {
    static let root = Repository.root

    static func shipped(_ name: String) throws -> Program {
        let c = Repository.compile("guidelines/\(name).gist")
        let (p, diags) = (c.program, c.diagnostics)
        let errs = diags.filter { $0.severity == .error }
        #expect(errs.isEmpty, "\(errs.map { $0.rendered() })")
        return try #require(p)
    }

    /// The issue's proof of equivalence: 100,000 random cases per shipped guideline.
    @Test(arguments: ["acs-2017", "gist-2025"])
    func shippedGuidelinesOn100kRandomCases(_ name: String) throws {
        let p = try Self.shipped(name)
        #expect(expectCompiledEqualsTree(p, cases: 100_000, seed: name == "acs-2017" ? 2017 : 2025) == 0)
    }

    /// The random cases reach undetermined codes and all the main branches, so the
    /// equivalence above is not vacuous.
    @Test func randomCasesExerciseUnknowns() throws {
        let p = try Self.shipped("acs-2017")
        let ev = Evaluator(program: p)
        let gen = RandomCases(p)
        var g = CaseRandom(seed: 7)
        var undetermined = 0, withNeeds = 0
        var made = Set<Int>()
        for _ in 0..<5_000 {
            let o = ev.evaluate(gen.next(&g))
            if !o.undetermined.isEmpty { undetermined += 1 }
            if o.undetermined.contains(where: { !$0.needs.isEmpty }) { withNeeds += 1 }
            made.formUnion(o.recommended)
        }
        #expect(undetermined > 500)
        #expect(withNeeds > 500)
        #expect(made.count == p.recommendations.count)
    }

    // MARK: constructs beyond the shipped guidelines

    static let constructs: [(String, String, String)] = [
        ("arithmetic and conditionals", """
        input a: count
        input b: count = 3
        input x: length in cm
        input flag: bool
        let s = a + b * 2
        let q = if flag then a / b else b - a
        let r = (x / 2) - 1 cm
        let neg = -a
        let band = if x <= 5 cm then 1 else if x > 10 cm then 3 else 2
        let mixed = if flag then s else s
        """, """
        when s > 7 { recommend r1 }
        when q >= 1 and not flag { recommend r2 }
        when r < 2 cm or neg < -4 { recommend r3 }
        when band == 2 { recommend r1, r4 }
        when mixed != 5 and q < 0 { recommend r4 }
        """),
        ("first, unique and collect tables", """
        enum colour = red | green | blue | black
        input x: count
        input y: length in mm
        input c: colour
        input on: bool
        input tags: set of colour = {}
        table t1: colour first {
          | x      | c               |
          | <= 2   | any             | => red
          | (2..8] | {red, green}    | => green
          | (2..8] | not {red}       | => blue
          | > 8    | any             | => black
        }
        table t2: colour unique {
          | y        | on    |
          | < 10 mm  | true  | => red
          | < 10 mm  | false | => green
          | >= 10 mm | any   | => blue
        }
        table t3: set of colour collect {
          | x    | c          |
          | >= 1 | any        | => red
          | >= 5 | {blue}     | => green
          | any  | not {red}  | => black
          | < 3  | {green}    | => black
        }
        table t4: colour unique {
          | t1    | t2    |
          | red   | any   | => red
          | green | green | => green
          | blue  | any   | => blue
          | black | any   | => blue
        }
        """, """
        when t1 == red { recommend r1 }
        when t2 in {green, blue} { recommend r2 }
        when green in t3 and black not in t3 { recommend r3 }
        when t4 == blue or c in tags { recommend r4 }
        first {
          when t3 == {red} { recommend r2 }
          when on { recommend r3 }
          otherwise { recommend r1 }
        }
        """),
        ("nested first and sets", """
        enum drug = a | b | c | d
        input failed: set of drug = {}
        input given: set of drug
        input n: count
        input ok: bool
        let tried = a in failed or a in given
        """, """
        first {
          when tried and ok {
            first {
              when n < 2 { recommend r1 }
              when n < 5 and b not in failed { recommend r2 }
              otherwise { recommend r3 }
            }
          }
          when not ok { recommend r4 }
          otherwise {
            when c in given { recommend r1 }
            recommend r2
          }
        }
        when d in failed or n >= 3 { recommend r3 }
        """),
    ]

    static let recommendations = """
    recommendation r1: recommend "One." cite "S1"
    recommendation r2: option "Two." cite "S2"
    recommendation r3: consider "Three." cite "S3"
    recommendation r4: avoid "Four." cite "S4"

    """

    @Test(arguments: 0..<3)
    func constructsOnRandomCases(_ k: Int) throws {
        let (name, decls, pathway) = Self.constructs[k]
        let p = try program(testHeader + decls + "\n" + Self.recommendations + "pathway {\n" + pathway + "\n}\n")
        #expect(Evaluator(program: p).compiled != nil, "\(name)")
        #expect(expectCompiledEqualsTree(p, cases: 20_000, seed: UInt64(k + 1)) == 0, "\(name)")
    }

    /// A table with more than 64 rows takes the row-by-row path.
    @Test func tableWithManyRows() throws {
        var rows = ""
        for i in 0..<70 { rows += "  | (\(i)..\(i + 1)] | \(i % 2 == 0 ? "true" : "any") | => \(i % 3 == 0 ? "lo" : "hi")\n" }
        let decls = """
        enum level = lo | hi
        input x: number
        input f: bool
        table t: level first {
          | x | f |
        \(rows)}
        table u: level unique {
          | x | f |
        \(rows)}
        """
        let p = try program(testHeader + decls + "\n" + Self.recommendations
                            + "pathway {\n when t == lo { recommend r1 }\n when u == hi { recommend r2 }\n}\n")
        #expect(expectCompiledEqualsTree(p, cases: 20_000, seed: 64) == 0)
    }

    /// Values without a packed form (strings) are evaluated by the tree evaluator.
    @Test func unpackableInputsFallBackToTheTree() throws {
        let p = try program(guideline("input flag: bool", pathway: "when flag { recommend r }"))
        let ev = Evaluator(program: p)
        #expect(ev.compiled != nil)
        let o = ev.evaluate([.string("x")])
        #expect(o.recommended.isEmpty)
        #expect(o.undetermined.map(\.code) == [0])
        #expect(o.values == ev.treeEvaluate([.string("x")]).values)
        #expect(Evaluator(program: p, compile: false).compiled == nil)
    }

    @Test func packedValuesRoundTrip() {
        let values: [Value] = [.unknown, .bool(true), .bool(false), .number(-2.5), .number(0), .member(3), .set(0b1011)]
        for v in values { #expect(PackedValue(v)?.value == v) }
        #expect(PackedValue(.string("s")) == nil)
        #expect(PackedValue.same(.number(0), .number(-0.0)))
        #expect(PackedValue.same(.number(0.1), .number(Rational(1, 10) ?? 0)))
        #expect(!PackedValue.same(.number(0.1), .number(0.2)))
    }

    /// The shipped guidelines read every input through its bands, so batch machines learn a
    /// decision tree; on a cohort most cases are then answered by the tree, and equal the tree
    /// evaluator (the 100,000-case tests above run such a machine alongside).
    @Test(arguments: ["acs-2017", "gist-2025"])
    func decisionTreeAnswersMostCasesOfACohort(_ name: String) throws {
        let p = try Self.shipped(name)
        let ev = Evaluator(program: p)
        let compiled = try #require(ev.compiled)
        #expect(compiled.supportsDecisionTree)
        let machine = CompiledMachine(compiled, decisionTree: true)
        let gen = RandomCases(p)
        var g = CaseRandom(seed: 5)
        let cohort = (0..<2_000).map { _ in gen.next(&g) }
        for round in 0..<3 {
            for inputs in cohort {
                #expect(machine.load(inputs))
                machine.run()
                let a = machine.outcome(), b = ev.treeEvaluate(inputs)
                #expect(a.recommended == b.recommended, "round \(round)")
                #expect(a.undetermined.map(\.needs) == b.undetermined.map(\.needs), "round \(round)")
            }
        }
        let stats = machine.decisionTreeStats
        #expect(stats.misses <= cohort.count)
        #expect(stats.hits >= 2 * cohort.count)
    }

    /// Arithmetic on an input, or a let passing a number on, makes exact values matter: no tree.
    @Test func exactValuesDisableTheDecisionTree() throws {
        let arithmetic = try program(guideline("input x: count", pathway: "when x + 1 > 3 { recommend r }"))
        #expect(CompiledProgram(arithmetic)?.supportsDecisionTree == false)
        let alias = try program(guideline("input x: count\nlet y = x", pathway: "when y > 3 { recommend r }"))
        #expect(CompiledProgram(alias)?.supportsDecisionTree == false)
        let twoInputs = try program(guideline("input x: count\ninput y: count", pathway: "when x > y { recommend r }"))
        #expect(CompiledProgram(twoInputs)?.supportsDecisionTree == false)
        let bands = try program(guideline("input x: count\nlet big = x > 3", pathway: "when big and x <= 10 { recommend r }"))
        #expect(CompiledProgram(bands)?.supportsDecisionTree == true)
    }

    /// The machine reuses its buffers: results of one case do not leak into the next.
    @Test func machineIsReusableAcrossCases() throws {
        let p = try Self.shipped("acs-2017")
        let ev = Evaluator(program: p)
        let compiled = try #require(ev.compiled)
        let machine = CompiledMachine(compiled)
        let gen = RandomCases(p)
        var g = CaseRandom(seed: 99)
        for _ in 0..<2_000 {
            let inputs = gen.next(&g)
            #expect(machine.load(inputs))
            machine.run()
            let a = machine.outcome(), b = ev.treeEvaluate(inputs)
            #expect(a.recommended == b.recommended)
            #expect(a.undetermined.map(\.needs) == b.undetermined.map(\.needs))
        }
    }
}
