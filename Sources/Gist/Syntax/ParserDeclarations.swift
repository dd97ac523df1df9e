/// The parser, declarations: the guideline header, enums, inputs, lets, decision tables and
/// recommendations.
extension Parser {
    mutating func header() throws(ParseError) -> GuidelineHeader {
        let start = advance().span
        let nameTok = try string("the guideline's name (a string)")
        _ = try expect(.lbrace, "'{'")
        var fields: [(key: Name, value: String, span: Span)] = []
        while tok.kind != .rbrace, !atEOF {
            let key = tok
            guard key.kind == .identifier, ["version", "date", "source"].contains(key.text) else {
                throw error(.syntax, "expected 'version', 'date' or 'source' in the guideline header, found '\(key.text)'", at: key.span)
            }
            advance()
            let value = try string("a string after '\(key.text)'")
            fields.append((Name(key.text, key.span), value.text, key.span.to(value.span)))
        }
        let end = try expect(.rbrace, "'}'").span
        return GuidelineHeader(name: nameTok.text, fields: fields, span: start.to(end))
    }

    mutating func enumDecl() throws(ParseError) -> EnumDecl {
        let start = advance().span
        let n = try name("the enum's name")
        declaring = n.text
        _ = try expect(.equal, "'=' after the enum's name")
        var members = [try name("an enum member")]
        while accept(.pipe) != nil { members.append(try name("an enum member")) }
        return EnumDecl(name: n, members: members, span: start.to(members[members.count - 1].span))
    }

    mutating func typeRef(allowInlineEnum: Bool) throws(ParseError) -> TypeRef {
        let first = try name("a type")
        if first.text == "set", isWord(.of) {
            advance()
            let e = try name("an enum's name after 'set of'")
            return TypeRef(kind: .setOf(e), span: first.span.to(e.span))
        }
        if allowInlineEnum, tok.kind == .pipe {
            var members = [first]
            while accept(.pipe) != nil { members.append(try name("an enum member")) }
            return TypeRef(kind: .inlineEnum(members), span: first.span.to(members[members.count - 1].span))
        }
        return TypeRef(kind: .named(first.text), span: first.span)
    }

    /// The doc comment of a declaration starting at `span`: comment lines directly above it,
    /// or a comment at the end of its first line.
    func docComment(for span: Span) -> String? {
        let line = file.location(of: span.start).line
        var above: [String] = []
        var want = line - 1
        for c in comments.reversed() where c.span.start < span.start {
            let l = file.location(of: c.span.start).line
            if l > want { continue }
            if l == want, c.ownLine { above.insert(c.text, at: 0); want -= 1 } else { break }
        }
        if !above.isEmpty { return above.joined(separator: " ") }
        // Trailing comment on the declaration's first line.
        let nextLineStart = line < file.lineStarts.count ? file.lineStarts[line] : file.bytes.count
        if let c = comments.first(where: { $0.span.start > span.start && $0.span.start < nextLineStart && !$0.ownLine }) {
            return c.text
        }
        return nil
    }

    mutating func inputDecl() throws(ParseError) -> InputDecl {
        let start = advance().span
        let n = try name("the input's name")
        declaring = n.text
        _ = try expect(.colon, "':' after the input's name")
        let type = try typeRef(allowInlineEnum: true)
        var unit: Name?
        var end = type.span
        if isKeyword(.in) {
            advance()
            unit = try unitName()
            end = unit?.span ?? end
        }
        var fixed = false
        if isWord(.fixed), !tok.startsLine { end = advance().span; fixed = true }
        var defaultValue: Expr?
        if accept(.equal) != nil {
            let e = try declarationExpr()
            defaultValue = e
            end = e.span
        }
        var range: Expr?
        if isKeyword(.where) {
            advance()
            let e = try declarationExpr()
            range = e
            end = e.span
        }
        let span = start.to(end)
        return InputDecl(name: n, type: type, unit: unit, defaultValue: defaultValue, range: range,
                         doc: docComment(for: span), span: span, fixed: fixed)
    }

    /// A unit name: `cm`, `%`, `mg/day`, `mg/kg/day`, … A `/` joins names into one unit only
    /// when the result is a unit or close to one (`mg/dya`), so `10 cm / size` stays a division.
    mutating func unitName() throws(ParseError) -> Name {
        if tok.kind == .percent { let t = advance(); return Name("%", t.span) }
        var unit = try name("a unit")
        while tok.kind == .slash, !tok.startsLine, pos + 1 < tokens.count {
            let next = tokens[pos + 1]
            let joined = unit.text + "/" + next.text
            guard next.kind == .identifier, !next.startsLine,
                  Units.lookup(joined) != nil || Suggest.closest(to: joined, among: Units.names.filter { $0.contains("/") }) != nil else { break }
            advance()
            advance()
            unit = Name(joined, unit.span.to(next.span))
        }
        return unit
    }

    mutating func letDecl() throws(ParseError) -> LetDecl {
        let start = advance().span
        let n = try name("the name of the value")
        declaring = n.text
        var type: TypeRef?
        if accept(.colon) != nil { type = try typeRef(allowInlineEnum: false) }
        _ = try expect(.equal, "'=' in 'let'")
        let value = try declarationExpr()
        let span = start.to(value.span)
        return LetDecl(name: n, type: type, value: value, doc: docComment(for: span), span: span)
    }

    mutating func tableDecl() throws(ParseError) -> TableDecl {
        let start = advance().span
        let n = try name("the table's name")
        declaring = n.text
        _ = try expect(.colon, "':' and the table's type")
        let type = try typeRef(allowInlineEnum: false)
        let policyTok = tok
        guard policyTok.kind == .identifier || policyTok.kind == .keyword(.first), let policy = HitPolicy(rawValue: policyTok.text) else {
            throw error(.syntax, "expected a hit policy ('unique', 'first' or 'collect'), found '\(policyTok.text)'", at: policyTok.span)
        }
        advance()
        _ = try expect(.lbrace, "'{'")
        // Header row: column expressions, ending at the end of the line.
        _ = try expect(.pipe, "the header row ('| column | … |')")
        var columns: [Expr] = []
        while true {
            columns.append(try expr())
            _ = try expect(.pipe, "'|' after a column")
            if tok.startsLine || tok.kind == .rbrace || atEOF { break }
        }
        var rows: [TableRow] = []
        while tok.kind == .pipe {
            let at = pos
            do throws(ParseError) {
                rows.append(try tableRow())
            } catch {
                if tooDeep { throw error }
                // A broken row is dropped alone: skip to the next line (a row or the '}').
                if pos == at { advance() }
                while !atEOF, !tok.startsLine { advance() }
            }
        }
        let end = try expect(.rbrace, "'|' to start a row or '}' to end the table").span
        let span = start.to(end)
        return TableDecl(name: n, type: type, policy: policy, policySpan: policyTok.span, columns: columns,
                         rows: rows, doc: docComment(for: span), span: span)
    }

    /// `| cell | … | => output`, on one line.
    mutating func tableRow() throws(ParseError) -> TableRow {
        let rowStart = advance().span
        var cells: [Cell] = []
        while true {
            cells.append(try cell())
            _ = try expect(.pipe, "'|' after a cell")
            if tok.kind == .arrow { break }
            if tok.startsLine || tok.kind == .rbrace {
                throw error(.syntax, "expected '=> output' at the end of the row", at: tok.span)
            }
        }
        _ = advance()
        let out = try expr()
        return TableRow(cells: cells, output: out, span: rowStart.to(out.span))
    }

    mutating func cell() throws(ParseError) -> Cell {
        let start = tok.span
        switch tok.kind {
        case .keyword(.any):
            advance()
            return Cell(kind: .any, span: start)
        case .minus where peekKind() == .pipe:
            advance()
            return Cell(kind: .any, span: start)
        case .lt, .le, .gt, .ge, .eq, .ne:
            let op = compareOp(tok.kind)
            advance()
            let e = try addExpr()
            return Cell(kind: .compare(op, e), span: start.to(e.span))
        case .lbracket, .lparen:
            // An interval `[a..b)`, unless it is a parenthesised expression.
            if tok.kind == .lparen, !intervalAhead() { break }
            let lowOpen = advance().kind == .lparen
            let low = try addExpr()
            _ = try expect(.dotdot, "'..' in an interval")
            let high = try addExpr()
            let close = tok
            guard close.kind == .rbracket || close.kind == .rparen else { throw unexpected(expected: "']' or ')' to close the interval") }
            advance()
            return Cell(kind: .interval(low: low, lowOpen: lowOpen, high: high, highOpen: close.kind == .rparen),
                        span: start.to(close.span))
        case .lbrace:
            let (names, span) = try nameSet()
            return Cell(kind: .oneOf(names, negated: false), span: span)
        case .keyword(.not) where peekKind() == .lbrace:
            advance()
            let (names, span) = try nameSet()
            return Cell(kind: .oneOf(names, negated: true), span: start.to(span))
        default: break
        }
        let e = try expr()
        return Cell(kind: .equals(e), span: e.span)
    }

    /// Whether the tokens from a `(` up to its matching close contain a `..` at depth 1.
    func intervalAhead() -> Bool {
        var d = 0
        var k = pos
        while k < tokens.count {
            switch tokens[k].kind {
            case .lparen, .lbracket: d += 1
            case .rparen, .rbracket:
                d -= 1
                if d == 0 { return false }
            case .dotdot where d == 1: return true
            case .pipe, .eof: return false
            default: break
            }
            k += 1
        }
        return false
    }

    mutating func nameSet() throws(ParseError) -> ([Name], Span) {
        let start = try expect(.lbrace, "'{'").span
        var names: [Name] = []
        if tok.kind != .rbrace {
            names.append(try name("a name"))
            while accept(.comma) != nil { names.append(try name("a name")) }
        }
        let end = try expect(.rbrace, "'}'").span
        return (names, start.to(end))
    }

    mutating func recommendationDecl() throws(ParseError) -> RecommendationDecl {
        let start = advance().span
        let code = try name("the recommendation's code")
        declaring = code.text
        _ = try expect(.colon, "':' and a strength after the code")
        // A missing or misspelt strength is reported, and the declaration is still read (with
        // 'recommend'), so that its uses do not also report an unknown code.
        let strengthTok = tok
        var strength = Strength.recommend
        let strengths = Strength.allCases.map(\.rawValue)
        if strengthTok.kind == .keyword(.recommend) {
            advance()
        } else if strengthTok.kind == .identifier, let s = Strength(rawValue: strengthTok.text) {
            strength = s
            advance()
        } else if strengthTok.kind == .string {
            _ = error(.missingStrength, "recommendation '\(code.text)' has no strength; write 'recommend', 'option', 'consider' or 'avoid' before its text",
                      at: strengthTok.span)
        } else if strengthTok.kind == .identifier, peekKind() == .string {
            _ = error(.syntax, "expected a strength ('recommend', 'option', 'consider' or 'avoid'), found '\(strengthTok.text)'",
                      at: strengthTok.span, notes: Suggest.didYouMean(strengthTok.text, among: strengths))
            advance()
        } else {
            throw error(.syntax, "expected a strength ('recommend', 'option', 'consider' or 'avoid'), found '\(strengthTok.text)'",
                        at: strengthTok.span)
        }
        let text = try string("the recommendation's text (a string)")
        guard isKeyword(.cite) else {
            // Point at what stands where 'cite' should, if it is on the same line; otherwise just
            // after the text. Keep the declaration so that its uses resolve.
            let sameLine = !tok.startsLine && !atEOF
            _ = error(.missingCitation, "recommendation '\(code.text)' has no citation; add: cite \"section\"",
                      at: sameLine ? tok.span : Span(text.span.end, text.span.end))
            var end = text.span
            var source: String?
            if isWord(.source), peekKind() == .string {
                advance()
                let s = advance()
                source = s.text
                end = s.span
            } else if sameLine {
                synchronize(from: pos)
            }
            let span = start.to(end)
            return RecommendationDecl(code: code, strength: strength, text: text.text, cite: "", source: source,
                                      doc: docComment(for: span), span: span, hasCitation: false)
        }
        advance()
        let cite = try string("the cited section (a string)")
        var end = cite.span
        var evidence: [EvidenceClause] = []
        while isWord(.evidence), peekKind() == .identifier, !atEvidenceScheme {
            let clause = try evidenceClause()
            evidence.append(clause)
            end = clause.span
        }
        var source: String?
        if isWord(.source) {
            advance()
            let s = try string("the cited source (a string)")
            source = s.text
            end = s.span
        }
        let span = start.to(end)
        return RecommendationDecl(code: code, strength: strength, text: text.text, cite: cite.text, evidence: evidence,
                                  source: source, doc: docComment(for: span), span: span)
    }

    /// `evidence esmo [I, A]` after a recommendation's citation.
    mutating func evidenceClause() throws(ParseError) -> EvidenceClause {
        let start = advance().span
        let scheme = try name("the evidence scheme's name")
        _ = try expect(.lbracket, "'[' and the grade's values after the scheme's name")
        var values = [try name("a grade value")]
        while accept(.comma) != nil { values.append(try name("a grade value")) }
        let end = try expect(.rbracket, "']' after the grade's values").span
        return EvidenceClause(scheme: scheme, values: values, span: start.to(end))
    }

    /// `evidence esmo { level I | II  grade A | B }`: a grading scheme and its dimensions, one
    /// per line.
    mutating func evidenceSchemeDecl() throws(ParseError) -> EvidenceSchemeDecl {
        let start = advance().span
        let n = try name("the evidence scheme's name")
        declaring = n.text
        _ = try expect(.lbrace, "'{' after the scheme's name")
        var dimensions: [EvidenceSchemeDecl.Dimension] = []
        while tok.kind != .rbrace, !atEOF {
            let d = try name("a dimension of the scheme (e.g. 'level')")
            var values = [try name("a value of '\(d.text)'")]
            while accept(.pipe) != nil { values.append(try name("a value of '\(d.text)'")) }
            dimensions.append(.init(name: d, values: values))
        }
        if dimensions.isEmpty, tok.kind == .rbrace {
            throw error(.syntax, "evidence scheme '\(n.text)' has no dimension; write one a line, e.g. 'level I | II | III'", at: tok.span)
        }
        let end = try expect(.rbrace, "'}'").span
        return EvidenceSchemeDecl(name: n, dimensions: dimensions, span: start.to(end))
    }
}
