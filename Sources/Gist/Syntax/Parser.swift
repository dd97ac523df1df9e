/// Recursive-descent parser from tokens to `SourceUnit`.
///
/// On an error it records a diagnostic and skips as little as it can, so one typo gives one
/// error and does not hide the rest of the file: a broken expression in a declaration becomes
/// an error node and the declaration is kept (`declarationExpr`); a broken statement is skipped
/// with its braces balanced, a broken table row alone; a `{` never closed is reported at that
/// brace and its block kept (`closeBrace`); otherwise it skips to the next item. The grammar
/// areas are in ParserDeclarations, ParserStatements, ParserScripts and ParserExpressions.
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
    /// True once a `{` that is never closed is reported: the enclosing blocks end there too.
    var reportedUnclosed = false
    /// The name of the declaration being read, once read: when the rest of it is broken, the
    /// name goes to `brokenNames`.
    var declaring: String?
    var brokenNames: Set<String> = []
    public private(set) var diagnostics: [Diagnostic] = []

    public init(file: SourceFile) {
        self.file = file
        let lexed = Lexer.tokenize(file)
        self.tokens = lexed.tokens.filter { $0.kind != .invalid }
        self.comments = lexed.comments
        self.diagnostics = lexed.diagnostics
        // A lexer that gave up leaves a cut-off token stream: its errors say why; no more follow.
        if lexed.diagnostics.contains(where: { $0.kind.stopsParsing }) {
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
        unit.hasSyntaxErrors = p.diagnostics.contains { $0.severity == .error }
        unit.brokenNames = p.brokenNames
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

    mutating func error(_ id: DiagnosticID, _ message: String, at span: Span, notes: [Diagnostic.Note] = []) -> ParseError {
        guard !tooMany else { return ParseError() }
        diagnostics.append(Diagnostic(id, message, at: SourceRange(file, span), notes: notes))
        if diagnostics.count >= Lexer.maxErrors {
            tooMany = true
            tooDeep = true
            diagnostics.append(Diagnostic(.tooManyErrors, "too many errors (\(diagnostics.count)); stopping here",
                                          at: SourceRange(file, span)))
        }
        return ParseError()
    }

    mutating func expect(_ kind: TokenKind, _ what: String) throws(ParseError) -> Token {
        if tok.kind == kind { return advance() }
        throw unexpected(expected: what)
    }

    mutating func unexpected(expected what: String) -> ParseError {
        if atItemStart, pos > 0 {
            // The line before ended unfinished (`input size: length in`): point there, not at
            // the next declaration.
            let before = tokens[pos - 1]
            return error(.syntax, "expected \(what) after '\(before.text)', found '\(tok.text)' on the next line",
                         at: Span(before.span.end, before.span.end))
        }
        let found = tok.kind == .eof ? "end of file" : "'\(tok.text)'"
        return error(.syntax, "expected \(what), found \(found)", at: tok.span)
    }

    mutating func name(_ what: String) throws(ParseError) -> Name {
        let t = tok
        if t.kind == .identifier { advance(); return Name(t.text, t.span) }
        if case .keyword(let k) = t.kind, !(t.startsLine && Parser.itemStarts.contains(t.kind)) {
            throw error(.reservedWord, "'\(k.rawValue)' is a reserved word and cannot be used as \(what)", at: t.span)
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
                _ = error(.tooDeep, "nesting is deeper than \(Parser.maxDepth) levels", at: tok.span)
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
                _ = error(.tooDeep, "expression has more than \(Parser.maxExpressionDepth) levels of operators; split it into several 'let's",
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

    /// A token at the start of a line that starts an item: a keyword of `itemStarts`, or
    /// `evidence NAME {` (a grading scheme; `evidence` is an ordinary name elsewhere).
    var atItemStart: Bool {
        tok.startsLine && (Parser.itemStarts.contains(tok.kind) || atEvidenceScheme)
    }
    var atEvidenceScheme: Bool { isWord(.evidence) && peekKind() == .identifier && peekKind(2) == .lbrace }

    mutating func parseItems() -> [Item] {
        var items: [Item] = []
        while !atEOF {
            let start = pos
            declaring = nil
            do throws(ParseError) {
                items.append(try item())
            } catch {
                if let n = declaring { brokenNames.insert(n) }
                if tooDeep { return items }
                synchronize(from: start)
            }
        }
        return items
    }

    /// An expression in a declaration. When it is broken, the error is reported, the rest of
    /// the declaration is skipped and an error node (Go's `BadExpr`) stands for the expression,
    /// so the declaration still exists: its uses are not also reported as unknown names.
    mutating func declarationExpr() throws(ParseError) -> Expr {
        let first = pos
        do throws(ParseError) {
            return try expr()
        } catch {
            if tooDeep { throw error }
            let start = tokens[first].span
            while !atEOF, !atItemStart { advance() }
            return Expr(.error, start.to(tokens[max(first, pos - 1)].span))
        }
    }

    /// Skips to the next token that starts an item at the beginning of a line.
    mutating func synchronize(from start: Int) {
        if pos == start { advance() }
        while !atEOF {
            if atItemStart { return }
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
        case .identifier where atEvidenceScheme: return .evidenceScheme(try evidenceSchemeDecl())
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
