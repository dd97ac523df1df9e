/// A condition's negation as a reader would write it: the `not` pushed inward through `and`,
/// `or` and double negation, comparisons flipped (`not (type != solid)` is `type == solid`,
/// `not (spread == localized and resected)` is `spread != localized or not resected`).
/// Flipping is exact in gist's three-valued logic: an unknown operand leaves both unknown.
///
/// In explanations a condition also shows the values it read, each after its name
/// (`size (6 cm) > 5 cm`); a condition that is only a name (`resected`, `not resected`) shows
/// none, as whether it held says the value.
public enum ConditionText {
    /// The negation of a condition's source text; `not (…)` around it when it does not parse
    /// as an expression.
    public static func negated(_ source: String) -> String {
        shown(source, negated: true)
    }

    /// The condition (or its negation) as an explanation shows it: `values` (name, value as
    /// text) written after each use of the name. `condition: false` for an expression that is
    /// not a condition (a let's, a table column's): a bare name shows its value too.
    public static func shown(_ source: String, negated: Bool, values: [(name: String, value: String)] = [],
                             condition: Bool = true) -> String {
        let prefix = "expect x "
        let file = SourceFile(name: "", text: prefix + source)
        let (unit, diagnostics) = Parser.parse(file)
        guard !diagnostics.contains(where: { $0.severity == .error }), unit.items.count == 1,
              case .script(.expect(_, .holds(let e), _)) = unit.items[0] else {
            let plain = negated ? "not (\(source))" : source
            let listed = values.map { "\($0.name) = \($0.value)" }.joined(separator: ", ")
            return listed.isEmpty ? plain : plain + "  (" + listed + ")"
        }
        var writer = Negation(file: file)
        if !(condition && isBareName(e)) {
            let byName = Dictionary(values.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
            writer.collectValues(e, byName)
        }
        return negated ? writer.negate(e).text : writer.text(of: e.span)
    }

    /// `name`, `not name`, `(name)`: a condition whose truth is its only value.
    static func isBareName(_ e: Expr) -> Bool {
        switch e.kind {
        case .name: return true
        case .not(let x), .paren(let x): return isBareName(x)
        default: return false
        }
    }
}

/// Writes negations from a parsed expression; untouched parts keep their source text (with
/// the values read written after the names, when given).
struct Negation {
    let file: SourceFile
    /// Text to write after the byte offset where a name ends: ` (6 cm)`.
    var insertions: [Int: String] = [:]

    init(file: SourceFile) { self.file = file }

    mutating func collectValues(_ e: Expr, _ values: [String: String]) {
        switch e.kind {
        case .name(let n):
            if let v = values[n] { insertions[e.span.end] = " (\(v))" }
        case .negate(let a), .not(let a), .paren(let a):
            collectValues(a, values)
        case .arith(_, let a, let b), .and(let a, let b), .or(let a, let b), .membership(let a, let b, _):
            collectValues(a, values)
            collectValues(b, values)
        case .compare(let operands, _):
            for o in operands { collectValues(o, values) }
        case .conditional(let a, let b, let c):
            collectValues(a, values)
            collectValues(b, values)
            collectValues(c, values)
        case .call(_, let args):
            for a in args { collectValues(a, values) }
        case .number, .string, .bool, .qualified, .setLiteral, .error:
            break
        }
    }

    /// The source text of a span, with the values inside it inserted.
    func text(of span: Span) -> String {
        var out = "", at = span.start
        for end in insertions.keys.sorted() where end > span.start && end <= span.end {
            out += file.text(of: Span(at, end)) + (insertions[end] ?? "")
            at = end
        }
        return out + file.text(of: Span(at, span.end))
    }

    /// Binding strength of the text's outermost operator: `or` 1, `and` 2, anything tighter 3.
    struct Text {
        let text: String
        let strength: Int
    }

    func source(_ e: Expr) -> Text {
        let strength: Int
        switch e.kind {
        case .or: strength = 1
        case .and: strength = 2
        case .conditional: strength = 0
        default: strength = 3
        }
        return Text(text: text(of: e.span), strength: strength)
    }

    /// `t` as an operand of an operator of the given strength.
    func operand(_ t: Text, of strength: Int) -> String { t.strength < strength ? "(\(t.text))" : t.text }

    func negate(_ e: Expr) -> Text {
        switch e.kind {
        case .paren(let inner):
            return negate(inner)
        case .not(let inner):
            var x = inner
            while case .paren(let y) = x.kind { x = y }
            return source(x)
        case .bool(let b):
            return Text(text: b ? "false" : "true", strength: 3)
        case .and(let a, let b):
            return Text(text: operand(negate(a), of: 1) + " or " + operand(negate(b), of: 1), strength: 1)
        case .or(let a, let b):
            return Text(text: operand(negate(a), of: 2) + " and " + operand(negate(b), of: 2), strength: 2)
        case .compare(let operands, let ops) where operands.count == ops.count + 1:
            let parts = ops.indices.map { i in
                "\(text(of: operands[i].span)) \(Self.flipped(ops[i]).rawValue) \(text(of: operands[i + 1].span))"
            }
            return Text(text: parts.joined(separator: " or "), strength: parts.count > 1 ? 1 : 3)
        case .membership(let x, let set, let negated):
            return Text(text: "\(text(of: x.span)) \(negated ? "in" : "not in") \(text(of: set.span))", strength: 3)
        case .name, .qualified:
            return Text(text: "not " + text(of: e.span), strength: 3)
        default:
            return Text(text: "not (\(text(of: e.span)))", strength: 3)
        }
    }

    static func flipped(_ op: CompareOp) -> CompareOp {
        switch op {
        case .lt: return .ge
        case .le: return .gt
        case .gt: return .le
        case .ge: return .lt
        case .eq: return .ne
        case .ne: return .eq
        }
    }
}
