import Testing
@testable import Gist

/// A minimal, valid guideline header; test bodies are appended to it.
let testHeader = """
guideline "Test guideline" {
  version "1"
  source  "Test source"
}

"""

/// A whole guideline: the header, the declarations, one recommendation `r` (unless the
/// declarations bring their own) and a pathway.
func guideline(_ declarations: String, pathway: String = "when true { recommend r }",
               recommendation: Bool = true) -> String {
    testHeader + declarations + "\n"
        + (recommendation ? "recommendation r: recommend \"R.\" cite \"Section\"\n" : "")
        + "pathway {\n  \(pathway)\n}\n"
}

func sourceFile(_ text: String) -> SourceFile { SourceFile(name: "t.gist", text: text) }

/// Parses and checks a whole file text.
func compile(_ text: String) -> (program: Program?, diagnostics: [Diagnostic]) {
    Checker.compile(sourceFile(text))
}

/// The error diagnostics of a whole file text.
func errors(_ text: String) -> [Diagnostic] {
    compile(text).diagnostics.filter { $0.severity == .error }
}

func errorIDs(_ text: String) -> [String] { errors(text).map(\.id) }

/// The program of a text that must compile without errors.
func program(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Program {
    let (p, diags) = compile(text)
    let errs = diags.filter { $0.severity == .error }
    #expect(errs.isEmpty, "unexpected errors: \(errs.map { $0.rendered() }.joined())", sourceLocation: sourceLocation)
    return try #require(p, sourceLocation: sourceLocation)
}

/// Just the parser's output for a text.
func parse(_ text: String) -> (unit: SourceUnit, diagnostics: [Diagnostic]) {
    Parser.parse(sourceFile(text))
}

extension Program {
    /// The value of a member of the enum type of input/let/table `slotName`.
    func member(_ name: String, of slotName: String) -> Value {
        guard let s = slot(named: slotName) else { return .unknown }
        switch slotType(s) {
        case .enumeration(let e), .set(let e):
            return enums[e].index(of: name).map { .member($0) } ?? .unknown
        default: return .unknown
        }
    }

    /// A set value of members of the element enum of set input `slotName`.
    func set(_ names: [String], of slotName: String) -> Value {
        guard let s = slot(named: slotName), case .set(let e) = slotType(s) else { return .unknown }
        var mask: UInt64 = 0
        for n in names { if let m = enums[e].index(of: n) { mask |= 1 << UInt64(m) } }
        return .set(mask)
    }

    /// Input values by name; inputs not named get their default (or unknown).
    func inputs(_ given: [String: Value]) -> [Value] {
        Evaluator(program: self).withDefaults(self.inputs.map { given[$0.name] })
    }

    /// Evaluates a case given by input name with the reference tree evaluator, and checks
    /// that the compiled machine (what `Evaluator.evaluate` runs) gives the same outcome.
    func outcome(_ given: [String: Value], sourceLocation: SourceLocation = #_sourceLocation) -> Evaluator.Outcome {
        let values = inputs(given)
        let reference = Evaluator(program: self, compile: false).treeEvaluate(values)
        let compiled = Evaluator(program: self).evaluate(values)
        #expect(compiled.recommended == reference.recommended && compiled.values == reference.values
                    && compiled.undetermined.map(\.code) == reference.undetermined.map(\.code)
                    && compiled.undetermined.map(\.needs) == reference.undetermined.map(\.needs),
                "compiled: \(describeOutcome(compiled, self))\ntree: \(describeOutcome(reference, self))",
                sourceLocation: sourceLocation)
        return reference
    }

    /// The value of an input, let or table after evaluating the case.
    func value(_ name: String, _ given: [String: Value]) -> Value {
        guard let s = slot(named: name) else { return .unknown }
        return outcome(given).values[s]
    }

    func codes(_ indices: [Int]) -> [String] { indices.map { recommendations[$0].code } }

    /// Recommended codes, in declaration order.
    func recommended(_ given: [String: Value]) -> [String] { codes(outcome(given).recommended) }

    /// Undetermined codes with the names of the inputs they need.
    func undetermined(_ given: [String: Value]) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for u in outcome(given).undetermined {
            out[recommendations[u.code].code] = u.needs.map { self.inputs[$0].name }
        }
        return out
    }
}

/// Millimetres, the base unit of length.
/// `x op y`, the reference comparison of the property tests: the language's spellings (`==`,
/// `!=`) and the regions' (`=`, `≠`); an unknown operator holds nowhere.
func compare<T: Comparable>(_ x: T, _ op: String, _ y: T) -> Bool {
    switch op {
    case "<": return x < y
    case "<=": return x <= y
    case ">": return x > y
    case ">=": return x >= y
    case "==", "=": return x == y
    case "!=", "≠": return x != y
    default: return false
    }
}

func mm(_ x: Double) -> Value { .number(Rational(x)) }
func cm(_ x: Double) -> Value { .number(Rational(x).multiplied(by: 10) ?? .zero) }

/// Tests write numbers as literals (`.number(4.5)`): a decimal literal is the decimal it
/// reads as, exactly (`0.1` is 1/10), as the checker reads numbers in source.
extension Rational: ExpressibleByFloatLiteral {
    public init(floatLiteral x: Double) { self = Rational(shortestDecimalOf: x) ?? .zero }
}

extension Rational {
    /// A test's double as the decimal it prints as (random values are drawn as doubles).
    init(_ x: Double) { self = Rational(shortestDecimalOf: x) ?? .zero }
}
