/// Recursive-descent parser from tokens to `SourceUnit`.
///
/// On an error it records a diagnostic and skips to the start of the next item (or statement
/// inside a block), so one typo does not hide the rest of the file.
public struct Parser {
    /// Deeper nesting (parentheses, `not`, `-`, `if`, blocks: one level each) than this is
    /// reported instead of overflowing the stack.
    public static let maxDepth = 200
    /// Most levels of operators in one expression (`Expr.depth`): a chain `a and b and …` or
    /// `n + 1 + …` adds one level per operator. Deeper trees are reported (`too-deep`) and never
    /// reach the checker and the evaluator, which recurse once per level.
    public static let maxExpressionDepth = 1_000

    let file: SourceFile
    var tokens: [Token]
    var comments: [Comment]
    var pos = 0
    var depth = 0
    var tooDeep = false
    /// True once `Lexer.maxErrors` errors are reported: parsing stops (as for `tooDeep`).
    var tooMany = false
    public private(set) var diagnostics: [Diagnostic] = []

    public init(file: SourceFile) {
        self.file = file
        let lexed = Lexer.tokenize(file)
        self.tokens = lexed.tokens.filter { $0.kind != .invalid }
        self.comments = lexed.comments
        self.diagnostics = lexed.diagnostics
        // A lexer that gave up leaves a cut-off token stream: its errors say why; no more follow.
        if lexed.diagnostics.contains(where: { Lexer.stoppingIds.contains($0.id) }) {
            tooDeep = true
            tooMany = true
        }
    }

    /// Parses a whole file.
    public static func parse(_ file: SourceFile) -> (unit: SourceUnit, diagnostics: [Diagnostic]) {
        var p = Parser(file: file)
        let items = p.parseItems()
        var unit = SourceUnit(file: file, items: items, comments: p.comments)
        unit.stoppedEarly = p.tooDeep
        return (unit, p.diagnostics)
    }

    // MARK: token helpers

    var tok: Token { tokens[min(pos, tokens.count - 1)] }
    func peekKind(_ k: Int = 1) -> TokenKind { tokens[min(pos + k, tokens.count - 1)].kind }
    var atEOF: Bool { tok.kind == .eof }

    @discardableResult
    mutating func advance() -> Token {
        let t = tok
        if pos < tokens.count - 1 { pos += 1 }
        return t
    }

    func isKeyword(_ k: Keyword) -> Bool { tok.kind == .keyword(k) }
    func isWord(_ w: ContextualWord) -> Bool { tok.kind == .identifier && tok.text == w.rawValue }

    mutating func accept(_ kind: TokenKind) -> Token? {
        if tok.kind == kind { return advance() }
        return nil
    }

    mutating func acceptWord(_ w: ContextualWord) -> Token? {
        if isWord(w) { return advance() }
        return nil
    }

    struct ParseError: Error {}

    mutating func error(_ id: String, _ message: String, at span: Span, notes: [String] = []) -> ParseError {
        guard !tooMany else { return ParseError() }
        diagnostics.append(Diagnostic(.error, id, message, at: SourceRange(file, span), notes: notes))
        if diagnostics.count >= Lexer.maxErrors {
            tooMany = true
            tooDeep = true
            diagnostics.append(Diagnostic(.error, "too-many-errors", "too many errors (\(diagnostics.count)); stopping here",
                                          at: SourceRange(file, span)))
        }
        return ParseError()
    }

    mutating func expect(_ kind: TokenKind, _ what: String) throws(ParseError) -> Token {
        if tok.kind == kind { return advance() }
        throw unexpected(expected: what)
    }

    mutating func unexpected(expected what: String) -> ParseError {
        let found = tok.kind == .eof ? "end of file" : "'\(tok.text)'"
        return error("syntax", "expected \(what), found \(found)", at: tok.span)
    }

    mutating func name(_ what: String) throws(ParseError) -> Name {
        let t = tok
        if t.kind == .identifier { advance(); return Name(t.text, t.span) }
        if case .keyword(let k) = t.kind {
            throw error("reserved-word", "'\(k.rawValue)' is a reserved word and cannot be used as \(what)", at: t.span)
        }
        throw unexpected(expected: what)
    }

    mutating func string(_ what: String) throws(ParseError) -> Token {
        try expect(.string, what)
    }

    mutating func enter() throws(ParseError) {
        depth += 1
        if depth > Parser.maxDepth {
            if !tooDeep {
                tooDeep = true
                _ = error("too-deep", "nesting is deeper than \(Parser.maxDepth) levels", at: tok.span)
            }
            throw ParseError()
        }
    }
    mutating func leave() { depth -= 1 }

    /// A compound expression, unless it has more levels than `maxExpressionDepth`: that is
    /// reported at `op` (the operator that went over) and parsing stops, as for deep nesting.
    mutating func node(_ kind: Expr.Kind, _ span: Span, at op: Span) throws(ParseError) -> Expr {
        let e = Expr(kind, span)
        if e.depth > Parser.maxExpressionDepth {
            if !tooDeep {
                tooDeep = true
                _ = error("too-deep", "expression has more than \(Parser.maxExpressionDepth) levels of operators; split it into several 'let's",
                          at: op)
            }
            throw ParseError()
        }
        return e
    }

    // MARK: items

    static let itemStarts: Set<TokenKind> = [
        .keyword(.guideline), .keyword(.enum), .keyword(.input), .keyword(.let), .keyword(.table),
        .keyword(.recommendation), .keyword(.exclusive), .keyword(.pathway), .keyword(.use),
        .keyword(.case), .keyword(.cases), .keyword(.expect), .keyword(.what), .keyword(.print),
    ]

    mutating func parseItems() -> [Item] {
        var items: [Item] = []
        while !atEOF {
            let start = pos
            do throws(ParseError) {
                items.append(try item())
            } catch {
                if tooDeep { return items }
                synchronize(from: start)
            }
        }
        return items
    }

    /// Skips to the next token that starts an item at the beginning of a line.
    mutating func synchronize(from start: Int) {
        if pos == start { advance() }
        while !atEOF {
            if tok.startsLine, Parser.itemStarts.contains(tok.kind) { return }
            advance()
        }
    }

    mutating func item() throws(ParseError) -> Item {
        switch tok.kind {
        case .keyword(.guideline): return .header(try header())
        case .keyword(.enum): return .enumDecl(try enumDecl())
        case .keyword(.input): return .input(try inputDecl())
        case .keyword(.let): return .letDecl(try letDecl())
        case .keyword(.table): return .table(try tableDecl())
        case .keyword(.recommendation): return .recommendation(try recommendationDecl())
        case .keyword(.exclusive):
            let start = advance().span
            var codes = [try name("a recommendation code")]
            while accept(.comma) != nil { codes.append(try name("a recommendation code")) }
            return .exclusive(ExclusiveDecl(codes: codes, span: start.to(codes[codes.count - 1].span)))
        case .keyword(.pathway):
            let start = advance().span
            let (body, end) = try block()
            return .pathway(PathwayDecl(body: body, span: start.to(end)))
        default:
            return .script(try scriptStmt())
        }
    }

    mutating func header() throws(ParseError) -> GuidelineHeader {
        let start = advance().span
        let nameTok = try string("the guideline's name (a string)")
        _ = try expect(.lbrace, "'{'")
        var fields: [(key: Name, value: String, span: Span)] = []
        while tok.kind != .rbrace, !atEOF {
            let key = tok
            guard key.kind == .identifier, ["version", "date", "source"].contains(key.text) else {
                throw error("syntax", "expected 'version', 'date' or 'source' in the guideline header, found '\(key.text)'", at: key.span)
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
        _ = try expect(.colon, "':' after the input's name")
        let type = try typeRef(allowInlineEnum: true)
        var unit: Name?
        var end = type.span
        if isKeyword(.in) {
            advance()
            unit = try unitName()
            end = unit?.span ?? end
        }
        var defaultValue: Expr?
        if accept(.equal) != nil {
            let e = try expr()
            defaultValue = e
            end = e.span
        }
        var range: Expr?
        if isKeyword(.where) {
            advance()
            let e = try expr()
            range = e
            end = e.span
        }
        let span = start.to(end)
        return InputDecl(name: n, type: type, unit: unit, defaultValue: defaultValue, range: range,
                         doc: docComment(for: span), span: span)
    }

    /// A unit name: `cm`, `mg/day`, … A `/` joins two names into one unit only when the result
    /// is a unit or close to one (`mg/dya`), so `10 cm / size` stays a division.
    mutating func unitName() throws(ParseError) -> Name {
        let first = try name("a unit")
        if tok.kind == .slash, !tok.startsLine, pos + 1 < tokens.count {
            let second = tokens[pos + 1]
            let joined = first.text + "/" + second.text
            if second.kind == .identifier, !second.startsLine,
               Units.lookup(joined) != nil || Suggest.closest(to: joined, among: Units.names.filter { $0.contains("/") }) != nil {
                advance()
                advance()
                return Name(joined, first.span.to(second.span))
            }
        }
        return first
    }

    mutating func letDecl() throws(ParseError) -> LetDecl {
        let start = advance().span
        let n = try name("the name of the value")
        var type: TypeRef?
        if accept(.colon) != nil { type = try typeRef(allowInlineEnum: false) }
        _ = try expect(.equal, "'=' in 'let'")
        let value = try expr()
        let span = start.to(value.span)
        return LetDecl(name: n, type: type, value: value, doc: docComment(for: span), span: span)
    }

    mutating func tableDecl() throws(ParseError) -> TableDecl {
        let start = advance().span
        let n = try name("the table's name")
        _ = try expect(.colon, "':' and the table's type")
        let type = try typeRef(allowInlineEnum: false)
        let policyTok = tok
        guard policyTok.kind == .identifier || policyTok.kind == .keyword(.first), let policy = HitPolicy(rawValue: policyTok.text) else {
            throw error("syntax", "expected a hit policy ('unique', 'first' or 'collect'), found '\(policyTok.text)'", at: policyTok.span)
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
            let rowStart = advance().span
            var cells: [Cell] = []
            while true {
                cells.append(try cell())
                _ = try expect(.pipe, "'|' after a cell")
                if tok.kind == .arrow { break }
                if tok.startsLine || tok.kind == .rbrace {
                    throw error("syntax", "expected '=> output' at the end of the row", at: tok.span)
                }
            }
            _ = advance()
            let out = try expr()
            rows.append(TableRow(cells: cells, output: out, span: rowStart.to(out.span)))
        }
        let end = try expect(.rbrace, "'|' to start a row or '}' to end the table").span
        let span = start.to(end)
        return TableDecl(name: n, type: type, policy: policy, policySpan: policyTok.span, columns: columns,
                         rows: rows, doc: docComment(for: span), span: span)
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
            _ = error("missing-strength", "recommendation '\(code.text)' has no strength; write 'recommend', 'option', 'consider' or 'avoid' before its text",
                      at: strengthTok.span)
        } else if strengthTok.kind == .identifier, peekKind() == .string {
            _ = error("syntax", "expected a strength ('recommend', 'option', 'consider' or 'avoid'), found '\(strengthTok.text)'",
                      at: strengthTok.span, notes: Suggest.closest(to: strengthTok.text, among: strengths).map { ["did you mean '\($0)'?"] } ?? [])
            advance()
        } else {
            throw error("syntax", "expected a strength ('recommend', 'option', 'consider' or 'avoid'), found '\(strengthTok.text)'",
                        at: strengthTok.span)
        }
        let text = try string("the recommendation's text (a string)")
        guard isKeyword(.cite) else {
            // Point at what stands where 'cite' should, if it is on the same line; otherwise just
            // after the text. Keep the declaration so that its uses resolve.
            let sameLine = !tok.startsLine && !atEOF
            _ = error("missing-citation", "recommendation '\(code.text)' has no citation; add: cite \"section\"",
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
        var source: String?
        if isWord(.source) {
            advance()
            let s = try string("the cited source (a string)")
            source = s.text
            end = s.span
        }
        let span = start.to(end)
        return RecommendationDecl(code: code, strength: strength, text: text.text, cite: cite.text, source: source,
                                  doc: docComment(for: span), span: span)
    }

    // MARK: pathway

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
            var reportedNotLast = false
            while tok.kind != .rbrace, !atEOF {
                let at = pos
                do throws(ParseError) {
                    if isKeyword(.otherwise) {
                        // A second 'otherwise' is reported; the first one is kept.
                        let o = advance().span
                        let (body, end) = try block()
                        if otherwise != nil {
                            _ = error("duplicate-otherwise", "a 'first' block has only one 'otherwise'", at: o)
                        } else {
                            otherwise = body
                            otherwiseSpan = o.to(end)
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
            return .first(FirstStmt(alternatives: alternatives, otherwise: otherwise, otherwiseSpan: otherwiseSpan, span: start.to(end)))
        case .keyword(.recommend):
            let start = advance().span
            var codes = [try name("a recommendation code")]
            while accept(.comma) != nil { codes.append(try name("a recommendation code")) }
            return .recommend(codes, start.to(codes[codes.count - 1].span))
        default:
            throw unexpected(expected: "'when', 'first' or 'recommend'")
        }
    }

    mutating func whenStmt() throws(ParseError) -> WhenStmt {
        let start = advance().span
        let cond = try expr()
        let (body, end) = try block()
        return WhenStmt(condition: cond, body: body, span: start.to(end))
    }

    // MARK: script statements

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

    // MARK: expressions

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
                _ = error("syntax", "'=' is not a comparison; use '=='", at: opTok.span)
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
        tok.kind == .identifier && !tok.startsLine && peekKind() != .colon && ContextualWord(rawValue: tok.text) == nil
    }

    mutating func primary() throws(ParseError) -> Expr {
        let t = tok
        switch t.kind {
        case .number:
            advance()
            guard let v = Double(t.text), v.isFinite else {
                // A number cut short by the lexer (`too-long`) is already reported.
                if t.text.hasSuffix("…") { return Expr(.error, t.span) }
                let shown = t.text.count > 40 ? "\(t.text.prefix(20))… (\(t.text.count) characters)" : t.text
                throw error("bad-number", "number '\(shown)' is too large", at: t.span)
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
        case .keyword(let k):
            throw error("syntax", "expected an expression, found the keyword '\(k.rawValue)'", at: t.span)
        default:
            throw unexpected(expected: "an expression")
        }
    }
}
