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
            let name = tok.kind == .identifier ? try self.name("the sub-pathway's name") : nil
            let (body, end) = try block()
            return .pathway(PathwayDecl(name: name, body: body, span: start.to(end)))
        default:
            return .script(try scriptStmt())
        }
    }
}
