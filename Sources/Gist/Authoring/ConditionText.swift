/// A condition's negation as a reader would write it: the `not` pushed inward through `and`,
/// `or` and double negation, comparisons flipped (`not (type != solid)` is `type == solid`,
/// `not (spread == localized and resected)` is `spread != localized or not resected`).
/// Flipping is exact in gist's three-valued logic: an unknown operand leaves both unknown.
public enum ConditionText {
    /// The negation of a condition's source text; `not (…)` around it when it does not parse
    /// as an expression.
    public static func negated(_ source: String) -> String {
        let prefix = "expect x "
        let file = SourceFile(name: "", text: prefix + source)
        let (unit, diagnostics) = Parser.parse(file)
        guard !diagnostics.contains(where: { $0.severity == .error }), unit.items.count == 1,
              case .script(.expect(_, .holds(let e), _)) = unit.items[0] else { return "not (\(source))" }
        return Negation(file: file).negate(e).text
    }
}

/// Writes negations from a parsed expression; untouched parts keep their source text.
struct Negation {
    let file: SourceFile

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
        return Text(text: file.text(of: e.span), strength: strength)
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
                "\(file.text(of: operands[i].span)) \(Self.flipped(ops[i]).rawValue) \(file.text(of: operands[i + 1].span))"
            }
            return Text(text: parts.joined(separator: " or "), strength: parts.count > 1 ? 1 : 3)
        case .membership(let x, let set, let negated):
            return Text(text: "\(file.text(of: x.span)) \(negated ? "in" : "not in") \(file.text(of: set.span))", strength: 3)
        case .name, .qualified:
            return Text(text: "not " + file.text(of: e.span), strength: 3)
        default:
            return Text(text: "not (\(file.text(of: e.span)))", strength: 3)
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
