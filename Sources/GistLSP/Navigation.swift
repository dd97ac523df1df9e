import Gist

/// Go to definition, find references and rename: names resolved by `SymbolIndex` across a
/// guideline, the modules it uses and the scripts that use it (`NameFamily`).
extension LanguageServer {
    /// The symbol under the cursor, with the families of the document it is in.
    struct Target {
        let doc: Document
        /// The first is the one the name was resolved in.
        let families: [NameFamily]
        let occurrence: Occurrence

        var declarations: Declarations? { families.first?.declarations }
        /// Where the symbol is declared (a case's is in its script, so not here).
        var declared: SourceRange? { declarations?.ranges[occurrence.symbol] }
    }

    func target(_ uri: String, _ position: Position) -> Target? {
        guard let doc = document(uri) else { return nil }
        let families = families(for: doc)
        let declarations = families.first?.declarations ?? Declarations([])
        let index = SymbolIndex(tokens: doc.tokens, unit: doc.unit, declarations: declarations)
        guard let occurrence = index.occurrence(at: doc.lines.offset(position)) else { return nil }
        return Target(doc: doc, families: families, occurrence: occurrence)
    }

    /// Where a symbol is declared: a script's case in the script, the rest in the guideline or
    /// the module that declares it.
    func declaration(_ t: Target) -> Location? {
        if case .caseName(let name) = t.occurrence.symbol {
            for case .script(.caseDef(let n, _, _)) in t.doc.unit.items where n.text == name {
                return Location(uri: t.doc.uri, range: t.doc.lines.range(n.span))
            }
            return nil
        }
        guard let range = t.declared else { return nil }
        let uri = t.families.lazy.flatMap(\.declaring).first { $0.path == range.file.name }?.uri ?? Document.uri(of: range.file.name)
        return Location(uri: uri, range: LineMap(range.file).range(range.span))
    }

    /// The families, with their scripts, a rename or a search for the symbol must cover: those
    /// of the cursor's document and, for a name a module declares, those of every guideline
    /// found using the module; of these, the ones that hold the declaring file.
    func families(reaching t: Target) -> [NameFamily] {
        guard let declared = t.declared else { return [] }
        var roots = t.families.map(\.root)
        if !roots.contains(where: { $0.path == declared.file.name }) {
            for g in guidelines(using: declared.file.name) where !roots.contains(where: { $0.path == g.path }) { roots.append(g) }
        }
        return roots.map { family(of: $0, withScripts: true) }.filter { $0.contains(path: declared.file.name) }
    }

    /// Every place the symbol is written, each file once: a case name in its own script, the
    /// rest in every file of the families that reach it (`reaching`).
    func occurrences(_ t: Target, _ reaching: [NameFamily]) -> [Location] {
        var searched: [(Document, Declarations)] = []
        if case .caseName = t.occurrence.symbol {
            searched = [(t.doc, t.declarations ?? Declarations([]))]
        } else {
            for f in reaching {
                for d in f.documents where !searched.contains(where: { $0.0.path == d.path }) { searched.append((d, f.declarations)) }
            }
        }
        var out: [Location] = []
        for (d, declarations) in searched {
            let index = SymbolIndex(tokens: d.tokens, unit: d.unit, declarations: declarations)
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
        var all = occurrences(t, families(reaching: t))
        if p.context?.includeDeclaration == false, let decl = declaration(t) { all.removeAll { $0 == decl } }
        return .success(all)
    }

    func rename(_ p: RenameParams) -> Result<WorkspaceEdit?, ResponseError> {
        let (tokens, _, lexDiags) = Lexer.tokenize(SourceFile(name: "", text: p.newName))
        guard lexDiags.isEmpty, tokens.count == 2, tokens[0].kind == .identifier, tokens[0].text == p.newName else {
            return .failure(Self.renameError("'\(p.newName)' is not a name (letters, digits and _, not a keyword)"))
        }
        guard let t = target(p.textDocument.uri, p.position) else {
            return .failure(Self.renameError("no name to rename here"))
        }
        if p.newName == t.occurrence.symbol.name { return .success(WorkspaceEdit(changes: [:])) }
        let reaching = families(reaching: t)
        if let clash = clash(renaming: t, to: p.newName, reaching) { return .failure(Self.renameError(clash)) }
        var changes: [String: [TextEdit]] = [:]
        for loc in occurrences(t, reaching) { changes[loc.uri, default: []].append(TextEdit(range: loc.range, newText: p.newName)) }
        return .success(WorkspaceEdit(changes: changes))
    }

    static func renameError(_ message: String) -> ResponseError { ResponseError(code: ResponseError.requestFailed, message: message) }

    /// Why renaming to `name` would make one name stand for two things in some file it touches,
    /// or nil. A case clashes with the other cases of its script; any other name with every
    /// name the guidelines and modules involved declare (enum members of other enums aside,
    /// which may share a spelling) and with the cases of their scripts.
    func clash(renaming t: Target, to name: String, _ reaching: [NameFamily]) -> String? {
        let symbol = t.occurrence.symbol
        func cases(_ d: Document) -> [Name] {
            var out: [Name] = []
            for case .script(.caseDef(let n, _, _)) in d.unit.items { out.append(n) }
            return out
        }
        func already(_ what: String, _ range: SourceRange) -> String {
            "cannot rename '\(symbol.name)' to '\(name)': '\(name)' is already declared as \(what) at \(range.file.name):\(range.line)"
        }
        if case .caseName = symbol {
            return cases(t.doc).first { $0.text == name }.map { already("a case", SourceRange(t.doc.file, $0.span)) }
        }
        for f in reaching {
            let taken = f.declarations.ranges.filter { other, _ in
                if case .member(let e, _) = symbol, case .member(let e2, _) = other, e != e2 { return false }
                return other.name == name
            }
            if let (other, range) = taken.min(by: { ($0.value.file.name, $0.value.span.start) < ($1.value.file.name, $1.value.span.start) }) {
                return already(Self.kindName(other), range)
            }
            for s in f.scripts {
                if let n = cases(s).first(where: { $0.text == name }) { return already("a case", SourceRange(s.file, n.span)) }
            }
        }
        return nil
    }

    static func kindName(_ s: Symbol) -> String {
        switch s {
        case .input: "an input"
        case .derived: "a value"
        case .enumType: "an enum"
        case .member(let e, _): "a member of '\(e)'"
        case .code: "a recommendation"
        case .subpathway: "a sub-pathway"
        case .caseName: "a case"
        }
    }
}
