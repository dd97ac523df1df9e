import Foundation
import Gist

/// Quick fixes for the diagnostics under the cursor: apply a "did you mean", silence a
/// finding with a `gist:ignore` pragma (its reason left for the author to write), and copy a
/// finding's witness as a `case` into a script that uses the guideline.
extension LanguageServer {
    static let reasonPlaceholder = "REASON"

    func codeActions(_ p: CodeActionParams) -> Result<[CodeAction]?, ResponseError> {
        guard let doc = document(p.textDocument.uri) else { return .success([]) }
        lock.lock()
        let last = published[doc.uri]
        lock.unlock()
        // Diagnostics of an older version would point at the wrong text.
        guard let last, last.version == doc.version else { return .success([]) }
        let lines = doc.lines
        let (lo, hi) = (lines.offset(p.range.start), lines.offset(p.range.end))
        var actions: [CodeAction] = []
        for d in last.diagnostics {
            guard let r = d.range, r.file === doc.file, r.span.start <= hi, lo <= r.span.end else { continue }
            let lsp = Self.convert(d, doc, lines)
            for note in d.notes {
                if let word = Self.suggestion(in: note.text) {
                    actions.append(CodeAction(title: "Change to '\(word)'", kind: "quickfix", diagnostics: [lsp],
                                              edit: WorkspaceEdit(changes: [doc.uri: [TextEdit(range: lsp.range, newText: word)]])))
                }
                if let witness = note.witness {
                    actions += witnessActions(witness, doc, lsp)
                }
            }
            if d.severity != .error || d.kind.pragmaMaySilence {
                actions.append(CodeAction(title: "Silence '\(d.id)' on this line with gist:ignore", kind: "quickfix", diagnostics: [lsp],
                                          edit: WorkspaceEdit(changes: [doc.uri: [pragma(d.id, at: r, lines)]])))
            }
        }
        return .success(actions)
    }

    /// The word of a "did you mean 'x'?" note.
    static func suggestion(in note: String) -> String? {
        guard note.hasPrefix("did you mean '"), note.hasSuffix("'?") else { return nil }
        let word = note.dropFirst("did you mean '".count).dropLast(2)
        return word.isEmpty || word.contains("'") ? nil : String(word)
    }

    /// `# gist:ignore ID: REASON` at the end of the line, or on a line of its own above it
    /// when the line already has a comment.
    func pragma(_ id: String, at r: SourceRange, _ lines: LineMap) -> TextEdit {
        let line = r.line
        let text = r.file.lineText(line)
        let comment = "# gist:ignore \(id): \(Self.reasonPlaceholder)"
        let hasComment = Lexer.tokenize(SourceFile(name: "", text: text)).comments.isEmpty == false
        if hasComment {
            let indent = String(text.prefix { $0 == " " || $0 == "\t" })
            let start = Position(line: line - 1, character: 0)
            return TextEdit(range: LSPRange(start: start, end: start), newText: indent + comment + "\n")
        }
        let end = Position(line: line - 1, character: text.utf16.count)
        return TextEdit(range: LSPRange(start: end, end: end), newText: "  " + comment)
    }

    /// One action per script that uses this guideline (open, or a `.gist` script in the
    /// guideline's folder and its subfolders): append the witness case to it.
    func witnessActions(_ caseText: String, _ doc: Document, _ lsp: LSPDiagnostic) -> [CodeAction] {
        guard doc.isGuideline else { return [] }
        return scripts(using: doc).map { script in
            let end = script.lines.position(script.file.bytes.count)
            let gap = script.file.text.hasSuffix("\n") || script.file.text.isEmpty ? "\n" : "\n\n"
            let edit = TextEdit(range: LSPRange(start: end, end: end), newText: gap + caseText + "\n")
            return CodeAction(title: "Add the witness as a case to \(Self.relative(script.path, to: doc.path))", kind: "quickfix",
                              diagnostics: [lsp], edit: WorkspaceEdit(changes: [script.uri: [edit]]))
        }
    }

    /// Scripts using a guideline: open ones first, then ones on disk in its folder and below (at
    /// most 20, so a large tree stays quick).
    func scripts(using g: Document) -> [Document] {
        var found = openDocuments().filter { !$0.isGuideline && $0.usedPath == g.path }.sorted { $0.path < $1.path }
        let folder = Paths.directory(of: g.path)
        let fm = FileManager.default
        let paths = (fm.enumerator(atPath: folder)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".gist") }.sorted()
        for rel in paths.prefix(200) where found.count < 20 {
            let path = Paths.join(folder, rel)
            guard !found.contains(where: { $0.path == path }), let data = fm.contents(atPath: path),
                  data.count < 1 << 20, let text = String(data: data, encoding: .utf8) else { continue }
            let d = Document(uri: Document.uri(of: path), version: 0, text: text)
            if !d.isGuideline, d.usedPath == g.path { found.append(d) }
        }
        return found
    }

    static func relative(_ path: String, to guideline: String) -> String {
        let folder = Paths.directory(of: guideline) + "/"
        return path.hasPrefix(folder) ? String(path.dropFirst(folder.count)) : path
    }
}
