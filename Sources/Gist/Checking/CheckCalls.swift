/// Type checking of calls: `known(x)` and the built-in functions (`count`, `min`, `max`, `abs`).
extension Checker {
    /// The names that may be called, for messages and suggestions.
    static var functionNames: [String] { ["known"] + Builtin.allCases.map(\.rawValue) }

    mutating func checkCall(_ f: Name, _ args: [Expr], _ span: Span) -> (IR, GType) {
        if f.text == "known" { return checkKnown(args, span) }
        guard let builtin = Builtin(rawValue: f.text) else {
            // The arguments are still checked: their names are used, their errors reported.
            for a in args { _ = check(a, expected: nil) }
            report(.unknownFunction, "unknown function '\(f.text)'", f.span,
                   notes: suggestion(f.text, Self.functionNames) + [.text("the functions are: \(Self.functionNames.joined(separator: ", "))")])
            return (.constant(.unknown), .error)
        }
        let checked = args.map { check($0, expected: nil) }
        guard args.count == builtin.arity else {
            let want = builtin.arity == 1 ? "one argument" : "two arguments"
            report(.badArguments, "'\(f.text)' takes \(want), found \(args.count)", span)
            return (.constant(.unknown), .error)
        }
        let types = checked.map(\.1)
        if types.contains(.error) { return (.constant(.unknown), .error) }
        let ir = IR.call(builtin, checked.map(\.0))
        switch builtin {
        case .count:
            guard case .set = types[0] else {
                report(.typeMismatch, "'count' needs a set, found \(typeName(types[0]))", args[0].span)
                return (.constant(.unknown), .error)
            }
            return (ir, .count)
        case .abs:
            guard types[0].isNumeric else {
                report(.typeMismatch, "'abs' needs a number or a quantity, found \(typeName(types[0]))", args[0].span)
                return (.constant(.unknown), .error)
            }
            // The magnitude of a count is that count; of a quantity, a quantity of its unit.
            return (ir, types[0])
        case .min, .max:
            let (a, b) = (types[0], types[1])
            guard a.isNumeric, b.isNumeric else {
                report(.typeMismatch, "'\(f.text)' needs numbers or quantities, found \(typeName(a)) and \(typeName(b))", span)
                return (.constant(.unknown), .error)
            }
            // Like a comparison: quantities of one dimension, or plain numbers and counts.
            guard comparable(a, b) else {
                reportIncompatible(a, b, at: span, context: "compare")
                return (.constant(.unknown), .error)
            }
            return (ir, a == b ? a : .number)
        }
    }

    /// `known(x)`: x must name an input, whose presence in the case record is what it asks.
    /// (A let or table is unknown exactly when inputs it reads are; ask about those.)
    mutating func checkKnown(_ args: [Expr], _ span: Span) -> (IR, GType) {
        guard args.count == 1 else {
            for a in args { _ = check(a, expected: nil) }
            report(.badArguments, "'known' takes one argument, an input's name, found \(args.count)", span)
            return (.constant(.unknown), .error)
        }
        var arg = args[0]
        while case .paren(let inner) = arg.kind { arg = inner }
        guard case .name(let n) = arg.kind, inputIndex[n] != nil else {
            let (_, t) = check(arg, expected: nil)
            if t != .error {
                report(.badArguments, "'known' takes an input's name", arg.span,
                       notes: [.text("a let or table is unknown when an input it reads is: ask 'known' of those inputs")])
            }
            return (.constant(.unknown), .error)
        }
        let (ir, _) = check(arg, expected: nil)
        return (.known(ir), .bool)
    }
}
