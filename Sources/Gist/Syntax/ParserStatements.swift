/// The parser, pathway statements: blocks, `when`, `first`, `recommend`, and recovery inside a
/// block.
extension Parser {
    mutating func block() throws(ParseError) -> ([Stmt], Span) {
        try enter()
        defer { leave() }
        let open = pos
        let start = try expect(.lbrace, "'{'").span
        var body: [Stmt] = []
        while tok.kind != .rbrace, !atEOF, !startsItem, !otherwiseOutside(open) {
            let at = pos
            do throws(ParseError) {
                body.append(try stmt())
            } catch {
                if tooDeep { throw error }
                // Recover inside the block: skip to the next statement or the closing brace.
                skipStatement(from: at, to: [.keyword(.when), .keyword(.first), .keyword(.recommend)])
            }
        }
        return (body, start.to(closeBrace(opened: open)))
    }

    /// A token that starts a declaration at the very beginning of a line (column 1, where
    /// nothing inside a block stands): inside a block, it means the block was never closed.
    var startsItem: Bool { tok.startsLine && Parser.itemStarts.contains(tok.kind) && column(of: tok) == 1 }

    /// An `otherwise` starting a line no further right than the line that opened the block at
    /// token `open`: it belongs to an enclosing `first`, so this block was never closed. (It is
    /// never valid in a block, so valid code does not depend on indentation.)
    func otherwiseOutside(_ open: Int) -> Bool {
        isKeyword(.otherwise) && tok.startsLine && column(of: tok) <= indentation(ofLineOf: tokens[open])
    }

    /// The `}` closing the block opened by the `{` at token `open`. When the file ends or a
    /// declaration starts first, the block ends there and the brace that was never closed is
    /// reported, once (`unclosedBrace`), so that the block's statements are kept.
    mutating func closeBrace(opened open: Int) -> Span {
        if tok.kind == .rbrace { return advance().span }
        let end = tokens[max(open, pos - 1)].span
        if !reportedUnclosed {
            reportedUnclosed = true
            let brace = unclosedBrace(from: open)
            let at = file.location(of: tok.span.start)
            let found = atEOF ? "the file ends" : "'\(tok.text)' at \(at.line):\(at.column) comes"
            _ = error(.unclosedBrace, "this '{' is never closed", at: tokens[brace].span, notes: ["\(found) before its '}'"])
        }
        return end
    }

    /// Which `{` from token `open` up to here was left open, judged by indentation as a reader
    /// would: a `}` starting a line less indented than the line of the innermost open `{`
    /// belongs to an outer brace, so that innermost one is the brace never closed. Without such
    /// a `}`, the innermost brace still open.
    func unclosedBrace(from open: Int) -> Int {
        var stack: [Int] = []
        for k in open..<pos {
            let t = tokens[k]
            if t.kind == .lbrace { stack.append(k) }
            guard t.kind == .rbrace, let top = stack.last else { continue }
            if t.startsLine, column(of: t) < indentation(ofLineOf: tokens[top]) { return top }
            stack.removeLast()
        }
        return stack.last ?? open
    }

    func column(of t: Token) -> Int { file.location(of: t.span.start).column }

    func indentation(ofLineOf t: Token) -> Int {
        let text = file.lineText(file.location(of: t.span.start).line)
        return text.prefix(while: { $0 == " " || $0 == "\t" }).count + 1
    }

    /// After an error in a statement that started at token `at`: skips to the next token of
    /// `starts` at the start of a line, or to the `}` closing the enclosing block. Braces are
    /// balanced from the statement's start, so a `{` the error left open (a set literal cut
    /// short, the statement's own block) is skipped with its `}`.
    mutating func skipStatement(from at: Int, to starts: [TokenKind]) {
        var d = 0
        for k in at..<pos {
            if tokens[k].kind == .lbrace { d += 1 }
            if tokens[k].kind == .rbrace, d > 0 { d -= 1 }
        }
        if pos == at { advance() }
        while !atEOF, !startsItem {
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
            let open = pos
            _ = try expect(.lbrace, "'{' after 'first'")
            var alternatives: [WhenStmt] = []
            var otherwise: [Stmt]?
            var otherwiseSpan: Span?
            var otherwiseBecause: String?
            var reportedNotLast = false
            while tok.kind != .rbrace, !atEOF, !startsItem {
                let at = pos
                do throws(ParseError) {
                    if isKeyword(.otherwise) {
                        // A second 'otherwise' is reported; the first one is kept.
                        let o = advance().span
                        let because = try becauseClause()
                        let (body, end) = try block()
                        if otherwise != nil {
                            _ = error(.duplicateOtherwise, "a 'first' block has only one 'otherwise'", at: o)
                        } else {
                            otherwise = body
                            otherwiseSpan = o.to(end)
                            otherwiseBecause = because
                        }
                    } else if isKeyword(.when) {
                        // Reported once; the alternative is still read, so its names are checked.
                        if let os = otherwiseSpan, !reportedNotLast {
                            _ = error(.otherwiseNotLast, "'otherwise' must be the last alternative of 'first'", at: os)
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
                }
            }
            let end = closeBrace(opened: open)
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
