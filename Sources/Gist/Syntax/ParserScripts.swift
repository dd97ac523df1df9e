/// The parser, script statements: `use`, `cases`, `case`, `what if`, `expect`, `print` and
/// expressions evaluated on their own.
extension Parser {
    mutating func scriptStmt() throws(ParseError) -> ScriptStmt {
        let start = tok.span
        switch tok.kind {
        case .keyword(.use):
            advance()
            let s = try string("a file path (a string) after 'use'")
            return .use(s.text, start.to(s.span))
        case .keyword(.cases):
            advance()
            let s = try string("a file path (a string) after 'cases'")
            return .cases(s.text, start.to(s.span))
        case .keyword(.case):
            advance()
            let n = try name("the case's name")
            let (fields, end) = try fieldList()
            return .caseDef(n, fields, start.to(end))
        case .keyword(.what):
            advance()
            _ = try expect(.keyword(.if), "'if' after 'what'")
            let n = try name("a case name")
            let (fields, end) = try fieldList()
            return .whatIf(n, fields, start.to(end))
        case .keyword(.expect):
            advance()
            let n = try name("a case name after 'expect'")
            let (e, end) = try expectation()
            return .expect(n, e, start.to(end))
        case .keyword(.print):
            advance()
            // `print CASE` or `print EXPR of CASE`
            if tok.kind == .identifier, peekKind() == .eof || tokens[min(pos + 1, tokens.count - 1)].startsLine {
                let n = try name("a case name")
                return .printCase(n, start.to(n.span))
            }
            let e = try expr()
            guard acceptWord(.of) != nil else {
                throw unexpected(expected: "'of CASE' after the expression")
            }
            let n = try name("a case name")
            return .printValue(e, of: n, start.to(n.span))
        default:
            if tok.kind == .identifier || tok.kind == .number || tok.kind == .lparen || tok.kind == .keyword(.not) {
                let e = try expr()
                return .eval(e, e.span)
            }
            throw unexpected(expected: "a declaration or statement")
        }
    }

    mutating func fieldList() throws(ParseError) -> ([FieldAssignment], Span) {
        _ = try expect(.lbrace, "'{' and the case's fields")
        var fields: [FieldAssignment] = []
        while tok.kind != .rbrace, !atEOF {
            let n = try name("a field name")
            _ = try expect(.colon, "':' after the field name")
            let v = try expr()
            fields.append(FieldAssignment(name: n, value: v))
            if accept(.comma) == nil, tok.kind != .rbrace {
                if tok.startsLine, tok.kind == .identifier { continue }   // newline-separated fields
                throw unexpected(expected: "',' or '}'")
            }
        }
        let end = try expect(.rbrace, "'}' to close the fields").span
        return (fields, end)
    }

    mutating func codeList() throws(ParseError) -> ([Name], Span) {
        if tok.kind == .lbrace { return try nameSet() }
        var codes = [try name("a recommendation code")]
        while accept(.comma) != nil { codes.append(try name("a recommendation code")) }
        return (codes, codes[0].span.to(codes[codes.count - 1].span))
    }

    mutating func expectation() throws(ParseError) -> (Expectation, Span) {
        if acceptWord(.recommends) != nil {
            let exactly = acceptWord(.exactly) != nil
            let (codes, span) = try codeList()
            return (.recommends(codes, exactly: exactly), span)
        }
        if isKeyword(.not), tokens[min(pos + 1, tokens.count - 1)].text == "recommends" {
            advance(); advance()
            let (codes, span) = try codeList()
            return (.notRecommends(codes), span)
        }
        if acceptWord(.undetermined) != nil {
            let (codes, span) = try codeList()
            return (.undetermined(codes), span)
        }
        let e = try expr()
        return (.holds(e), e.span)
    }
}
