import Gist

/// Completion with the REPL's engine (`CompletionCandidates`): the statement or declaration
/// the cursor is in, up to the word being typed, decides what is offered.
extension LanguageServer {
    static let declarationWords = ["enum", "input", "let", "table", "recommendation", "exclusive", "pathway",
                                   "when", "first", "otherwise", "recommend"]

    func completion(_ p: TextDocumentPositionParams) -> Result<CompletionList?, ResponseError> {
        guard let doc = document(p.textDocument.uri) else { return .success(nil) }
        let cursor = doc.lines.offset(p.position)
        let before = doc.tokens.filter { $0.span.end <= cursor }
        // The word being typed is not context.
        var context = before
        if let last = context.last, last.span.end == cursor, last.kind == .identifier || last.kind.isKeyword { context.removeLast() }
        // A statement or declaration starts at the beginning of a line.
        let lineStarts = context.indices.filter { context[$0].startsLine && doc.file.location(of: context[$0].span.start).column == 1 }
        if let start = lineStarts.last { context = Array(context[start...]) }
        let g = guideline(for: doc)
        let program = g?.program ?? g.flatMap { lastProgram($0.uri) }
        var cases: [String] = []
        for case .script(.caseDef(let n, _, _)) in doc.unit.items { cases.append(n.text) }
        let engine = CompletionCandidates(program: program, cases: cases)
        var words = engine.after(context)
        if doc.isGuideline, context.isEmpty || context.last?.kind == .lbrace || context.last?.kind == .rbrace {
            words = Self.declarationWords + engine.expressionNames([])
        }
        let items = Array(Set(words)).sorted().map { CompletionItem(label: $0, kind: kind(of: $0, program), detail: nil) }
        return .success(CompletionList(isIncomplete: false, items: items))
    }

    func kind(of word: String, _ p: Program?) -> Int {
        if Keyword(rawValue: word) != nil || ContextualWord(rawValue: word) != nil { return CompletionItem.keyword }
        // Before units: `min` is a function and the minute.
        if CompletionCandidates.functionNames.contains(word) { return CompletionItem.function }
        if Units.names.contains(word) { return CompletionItem.unit }
        guard let p else { return CompletionItem.variable }
        if p.recommendation(code: word) != nil { return CompletionItem.constant }
        if p.slot(named: word) != nil { return CompletionItem.variable }
        if p.enums.contains(where: { $0.members.contains(word) }) { return CompletionItem.enumMember }
        return CompletionItem.reference
    }
}

extension TokenKind {
    var isKeyword: Bool { if case .keyword = self { true } else { false } }
}

/// Formatting with `gist fmt`'s formatter: one edit replacing the whole text, or none when the
/// text is already formatted or has syntax errors (which the diagnostics show).
extension LanguageServer {
    func formatting(_ p: DocumentFormattingParams) -> Result<[TextEdit]?, ResponseError> {
        guard let doc = document(p.textDocument.uri) else { return .success(nil) }
        switch SourceFormatter.format(doc.file) {
        case .formatted(let out):
            if out == doc.file.text { return .success([]) }
            let whole = doc.lines.range(Span(0, doc.file.bytes.count))
            return .success([TextEdit(range: whole, newText: out)])
        case .syntaxErrors:
            return .failure(ResponseError(code: ResponseError.requestFailed, message: "the document has syntax errors; not formatted"))
        case .failed(let reason):
            return .failure(ResponseError(code: ResponseError.requestFailed, message: "cannot format: \(reason)"))
        }
    }
}
