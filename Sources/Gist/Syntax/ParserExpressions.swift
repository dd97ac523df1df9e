/// The parser, expressions, by precedence from `if … then … else` down to literals.
extension Parser {
    /// An expression. Nesting is counted where it happens (a parenthesis, `if`, `not`, `-`),
    /// one level each, so every recursion of the parser passes through `enter`.
    mutating func expr() throws(ParseError) -> Expr {
        if isKeyword(.if) {
            try enter()
            defer { leave() }
            let start = advance().span
            let c = try expr()
            _ = try expect(.keyword(.then), "'then'")
            let a = try expr()
            _ = try expect(.keyword(.else), "'else' (a conditional needs both branches)")
            let b = try expr()
            return try node(.conditional(c, a, b), start.to(b.span), at: start)
        }
        return try orExpr()
    }

    mutating func orExpr() throws(ParseError) -> Expr {
        var l = try andExpr()
        while isKeyword(.or) {
            let op = advance().span
            let r = try andExpr()
            l = try node(.or(l, r), l.span.to(r.span), at: op)
        }
        return l
    }

    mutating func andExpr() throws(ParseError) -> Expr {
        var l = try notExpr()
        while isKeyword(.and) {
            let op = advance().span
            let r = try notExpr()
            l = try node(.and(l, r), l.span.to(r.span), at: op)
        }
        return l
    }

    mutating func notExpr() throws(ParseError) -> Expr {
        if isKeyword(.not) {
            try enter()
            defer { leave() }
            let start = advance().span
            let e = try notExpr()
            return try node(.not(e), start.to(e.span), at: start)
        }
        return try compareExpr()
    }

    func compareOp(_ k: TokenKind) -> CompareOp {
        switch k {
        case .lt: return .lt
        case .le: return .le
        case .gt: return .gt
        case .ge: return .ge
        case .eq: return .eq
        default: return .ne
        }
    }

    mutating func compareExpr() throws(ParseError) -> Expr {
        let first = try addExpr()
        if isKeyword(.in) || (isKeyword(.not) && peekKind() == .keyword(.in)) {
            let op = tok.span
            let negated = isKeyword(.not)
            if negated { advance() }
            advance()
            let set = try addExpr()
            return try node(.membership(first, set, negated: negated), first.span.to(set.span), at: op)
        }
        var operands = [first]
        var ops: [CompareOp] = []
        var deepest = first.depth
        while true {
            let opTok = tok
            if [.lt, .le, .gt, .ge, .eq, .ne].contains(opTok.kind) {
                ops.append(compareOp(opTok.kind))
            } else if opTok.kind == .equal {
                // `when x = 5 {`: reported, and read as '==' so the rest of the line still parses.
                _ = error(.syntax, "'=' is not a comparison; use '=='", at: opTok.span)
                ops.append(.eq)
            } else {
                break
            }
            advance()
            let operand = try addExpr()
            operands.append(operand)
            deepest = max(deepest, operand.depth)
            if deepest + ops.count > Parser.maxExpressionDepth {
                // Reported by `node` with the operator that went over.
                _ = try node(.compare(operands, ops), first.span.to(operand.span), at: opTok.span)
            }
        }
        if ops.isEmpty { return first }
        return try node(.compare(operands, ops), first.span.to(operands[operands.count - 1].span), at: first.span)
    }

    mutating func addExpr() throws(ParseError) -> Expr {
        var l = try mulExpr()
        while tok.kind == .plus || tok.kind == .minus {
            let opTok = advance()
            let op: ArithOp = opTok.kind == .plus ? .add : .sub
            let r = try mulExpr()
            l = try node(.arith(op, l, r), l.span.to(r.span), at: opTok.span)
        }
        return l
    }

    mutating func mulExpr() throws(ParseError) -> Expr {
        var l = try unary()
        while tok.kind == .star || tok.kind == .slash {
            let opTok = advance()
            let op: ArithOp = opTok.kind == .star ? .mul : .div
            let r = try unary()
            l = try node(.arith(op, l, r), l.span.to(r.span), at: opTok.span)
        }
        return l
    }

    mutating func unary() throws(ParseError) -> Expr {
        if tok.kind == .minus {
            try enter()
            defer { leave() }
            let start = advance().span
            let e = try unary()
            return try node(.negate(e), start.to(e.span), at: start)
        }
        return try primary()
    }

    /// Whether the name after a number is meant as its unit: any name on the same line, but
    /// not a field name (`name:` in a case) nor a contextual word (`print n + 1 of c`).
    /// Unknown units are reported by the checker, with a suggestion (`5 cms`).
    func unitFollows() -> Bool {
        if tok.kind == .percent { return !tok.startsLine }
        return tok.kind == .identifier && !tok.startsLine && peekKind() != .colon && ContextualWord(rawValue: tok.text) == nil
    }

    mutating func primary() throws(ParseError) -> Expr {
        let t = tok
        switch t.kind {
        case .number:
            advance()
            guard let v = Double(t.text), v.isFinite else {
                // A number cut short by the lexer (`too-long`) is already reported.
                if t.text.hasSuffix("…") { return Expr(.error, t.span) }
                let shown = shortNumeral(t.text)
                throw error(.badNumber, "number '\(shown)' is too large", at: t.span)
            }
            // A unit directly after the number, on the same line.
            if unitFollows() {
                let u = try unitName()
                return Expr(.number(v, text: t.text, unit: u), t.span.to(u.span))
            }
            return Expr(.number(v, text: t.text, unit: nil), t.span)
        case .string:
            advance()
            return Expr(.string(t.text), t.span)
        case .keyword(.true):
            advance()
            return Expr(.bool(true), t.span)
        case .keyword(.false):
            advance()
            return Expr(.bool(false), t.span)
        case .identifier:
            advance()
            if tok.kind == .lparen, !tok.startsLine { return try call(Name(t.text, t.span)) }
            if tok.kind == .dot, peekKind() == .identifier {
                advance()
                let m = advance()
                return Expr(.qualified(Name(t.text, t.span), Name(m.text, m.span)), t.span.to(m.span))
            }
            return Expr(.name(t.text), t.span)
        case .lparen:
            try enter()
            defer { leave() }
            advance()
            let e = try expr()
            let end = try expect(.rparen, "')'").span
            return try node(.paren(e), t.span.to(end), at: t.span)
        case .lbrace:
            let (names, span) = try nameSet()
            return Expr(.setLiteral(names), span)
        case .keyword(let k) where t.startsLine && pos > 0:
            // `let big = size > 5 cm and` with the next declaration below: the expression was
            // left unfinished at the end of the line before, so point there.
            let before = tokens[pos - 1]
            throw error(.syntax, "expected an expression after '\(before.text)', found the keyword '\(k.rawValue)' on the next line",
                        at: Span(before.span.end, before.span.end))
        case .keyword(let k):
            throw error(.syntax, "expected an expression, found the keyword '\(k.rawValue)'", at: t.span)
        default:
            throw unexpected(expected: "an expression")
        }
    }

    /// `name(a, b, …)` after its name: the arguments, at least one.
    mutating func call(_ name: Name) throws(ParseError) -> Expr {
        try enter()
        defer { leave() }
        advance()
        var args = [try expr()]
        while accept(.comma) != nil { args.append(try expr()) }
        let end = try expect(.rparen, "')' or ',' after an argument of '\(name.text)'").span
        return try node(.call(name, args), name.span.to(end), at: name.span)
    }
}

/// A numeral as messages quote it: cut short past 40 characters.
func shortNumeral(_ text: String) -> String {
    text.count > 40 ? "\(text.prefix(20))… (\(text.count) characters)" : text
}
