/// The parser, pathway statements: blocks, `when`, `first`, `recommend`, and recovery inside a
/// block.
extension Parser {
    mutating func block() throws(ParseError) -> ([Stmt], Span) {
        try enter()
        defer { leave() }
        let start = try expect(.lbrace, "'{'").span
        var body: [Stmt] = []
        while tok.kind != .rbrace, !atEOF {
            let at = pos
            do throws(ParseError) {
                body.append(try stmt())
            } catch {
                if tooDeep { throw error }
                // Recover inside the block: skip to the next statement or the closing brace.
                skipStatement(from: at, to: [.keyword(.when), .keyword(.first), .keyword(.recommend)])
                if tok.startsLine, Parser.itemStarts.contains(tok.kind) { throw error }
            }
        }
        let end = try expect(.rbrace, "'}' to close the block").span
        return (body, start.to(end))
    }

    /// After an error in a statement that started at token `at`: skips to the next token of
    /// `starts` at the start of a line, or to the `}` closing the enclosing block, balancing
    /// the braces in between.
    mutating func skipStatement(from at: Int, to starts: [TokenKind]) {
        if pos == at { advance() }
        var d = 0
        while !atEOF {
            if d == 0, tok.kind == .rbrace || (tok.startsLine && starts.contains(tok.kind)) { break }
            if tok.kind == .lbrace { d += 1 }
            if tok.kind == .rbrace { d -= 1 }
            advance()
        }
    }

    mutating func stmt() throws(ParseError) -> Stmt {
        switch tok.kind {
        case .keyword(.when): return .when(try whenStmt())
        case .keyword(.first):
            let start = advance().span
            _ = try expect(.lbrace, "'{' after 'first'")
            var alternatives: [WhenStmt] = []
            var otherwise: [Stmt]?
            var otherwiseSpan: Span?
            var otherwiseBecause: String?
            var reportedNotLast = false
            while tok.kind != .rbrace, !atEOF {
                let at = pos
                do throws(ParseError) {
                    if isKeyword(.otherwise) {
                        // A second 'otherwise' is reported; the first one is kept.
                        let o = advance().span
                        let because = try becauseClause()
                        let (body, end) = try block()
                        if otherwise != nil {
                            _ = error("duplicate-otherwise", "a 'first' block has only one 'otherwise'", at: o)
                        } else {
                            otherwise = body
                            otherwiseSpan = o.to(end)
                            otherwiseBecause = because
                        }
                    } else if isKeyword(.when) {
                        // Reported once; the alternative is still read, so its names are checked.
                        if let os = otherwiseSpan, !reportedNotLast {
                            _ = error("otherwise-not-last", "'otherwise' must be the last alternative of 'first'", at: os)
                            reportedNotLast = true
                        }
                        alternatives.append(try whenStmt())
                    } else {
                        throw unexpected(expected: "'when' or 'otherwise' inside 'first'")
                    }
                } catch {
                    if tooDeep { throw error }
                    // Recover inside 'first': skip to the next alternative or its closing brace.
                    skipStatement(from: at, to: [.keyword(.when), .keyword(.otherwise)])
                    if tok.startsLine, Parser.itemStarts.contains(tok.kind) { throw error }
                }
            }
            let end = try expect(.rbrace, "'}' to close 'first'").span
            return .first(FirstStmt(alternatives: alternatives, otherwise: otherwise, otherwiseSpan: otherwiseSpan,
                                    otherwiseBecause: otherwiseBecause, span: start.to(end)))
        case .keyword(.recommend):
            let start = advance().span
            var codes = [try name("a recommendation code")]
            while accept(.comma) != nil { codes.append(try name("a recommendation code")) }
            let because = try becauseClause()
            return .recommend(codes, start.to(tokens[pos - 1].span), because: because)
        case .identifier where isWord(.follow):
            let start = advance().span
            let sub = try name("the name of a sub-pathway")
            return .follow(sub, start.to(sub.span))
        default:
            throw unexpected(expected: "'when', 'first', 'recommend' or 'follow'")
        }
    }

    /// An optional `because "…"`: the reason, or nil.
    mutating func becauseClause() throws(ParseError) -> String? {
        guard acceptWord(.because) != nil else { return nil }
        return try string("the reason (a string) after 'because'").text
    }

    mutating func whenStmt() throws(ParseError) -> WhenStmt {
        let start = advance().span
        let cond = try expr()
        let because = try becauseClause()
        let (body, end) = try block()
        return WhenStmt(condition: cond, because: because, body: body, span: start.to(end))
    }
}
