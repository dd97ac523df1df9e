import Gist

/// Go to definition, find references and rename: names resolved by `SymbolIndex` in a
/// guideline and the open scripts that `use` it.
extension LanguageServer {
    /// The symbol under the cursor, with the guideline that declares it.
    struct Target {
        let doc: Document
        let guideline: Document?
        let declarations: Declarations
        let occurrence: Occurrence
    }

    func target(_ uri: String, _ position: Position) -> Target? {
        guard let doc = document(uri) else { return nil }
        let guideline = guideline(for: doc)
        let declarations = Declarations(guideline?.unit ?? doc.unit)
        let index = SymbolIndex(tokens: doc.tokens, unit: doc.unit, declarations: declarations, declaresHere: doc.isGuideline)
        guard let occurrence = index.occurrence(at: doc.lines.offset(position)) else { return nil }
        return Target(doc: doc, guideline: guideline, declarations: declarations, occurrence: occurrence)
    }

    /// Where a symbol is declared: a script's case in the script, the rest in the guideline.
    func declaration(_ t: Target) -> Location? {
        if case .caseName(let name) = t.occurrence.symbol {
            for case .script(.caseDef(let n, _, _)) in t.doc.unit.items where n.text == name {
                return Location(uri: t.doc.uri, range: t.doc.lines.range(n.span))
            }
            return nil
        }
        guard let g = t.guideline, let span = t.declarations.spans[t.occurrence.symbol] else { return nil }
        return Location(uri: g.uri, range: g.lines.range(span))
    }

    /// Every place the symbol is written: in the guideline and the scripts using it, open or
    /// near it on disk (a case name only in its own script).
    func occurrences(_ t: Target) -> [Location] {
        var docs: [Document] = []
        if case .caseName = t.occurrence.symbol {
            docs = [t.doc]
        } else if let g = t.guideline {
            docs = [g] + scripts(using: g)
        }
        var out: [Location] = []
        for d in docs {
            let index = SymbolIndex(tokens: d.tokens, unit: d.unit, declarations: t.declarations, declaresHere: d.isGuideline)
            let lines = d.lines
            out += index.spans(of: t.occurrence.symbol).map { Location(uri: d.uri, range: lines.range($0)) }
        }
        return out
    }

    func definition(_ p: TextDocumentPositionParams) -> Result<Location?, ResponseError> {
        .success(target(p.textDocument.uri, p.position).flatMap(declaration))
    }

    func references(_ p: ReferenceParams) -> Result<[Location]?, ResponseError> {
        guard let t = target(p.textDocument.uri, p.position) else { return .success([]) }
        var all = occurrences(t)
        if p.context?.includeDeclaration == false, let decl = declaration(t) { all.removeAll { $0 == decl } }
        return .success(all)
    }

    func rename(_ p: RenameParams) -> Result<WorkspaceEdit?, ResponseError> {
        let (tokens, _, lexDiags) = Lexer.tokenize(SourceFile(name: "", text: p.newName))
        guard lexDiags.isEmpty, tokens.count == 2, tokens[0].kind == .identifier, tokens[0].text == p.newName else {
            return .failure(ResponseError(code: ResponseError.requestFailed, message: "'\(p.newName)' is not a name (letters, digits and _, not a keyword)"))
        }
        guard let t = target(p.textDocument.uri, p.position) else {
            return .failure(ResponseError(code: ResponseError.requestFailed, message: "no name to rename here"))
        }
        var changes: [String: [TextEdit]] = [:]
        for loc in occurrences(t) { changes[loc.uri, default: []].append(TextEdit(range: loc.range, newText: p.newName)) }
        return .success(WorkspaceEdit(changes: changes))
    }
}
